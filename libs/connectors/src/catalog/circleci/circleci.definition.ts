import { defineProvider } from '../../definition/define';

const API_V2 = 'https://circleci.com/docs/api/v2/index.html';

/** CircleCI API v2 (circleci.com cloud). */
export const circleci = defineProvider({
  id: 'circleci',
  name: 'CircleCI',
  description: 'CircleCI API v2: pipelines, workflows, jobs, artifacts and insights for projects on circleci.com.',
  docsUrl: API_V2,
  servers: { default: { url: 'https://circleci.com/api/v2', description: 'CircleCI cloud API v2.', source: API_V2 } },
  connectionParams: {},
  hosts: ['circleci.com'],
  pagination: { style: 'page_token', notes: '`page-token` in; `items` and `next_page_token` out (null on the last page).', source: API_V2 },
  authModes: [
    {
      id: 'personal_api_token',
      type: 'api_key',
      label: 'CircleCI personal API token',
      docsUrl: 'https://circleci.com/docs/managing-api-tokens/',
      inject: { in: 'header', name: 'Circle-Token' },
    },
  ],
  rateLimitSignals: {
    source: 'https://circleci.com/docs/api-developers-guide/',
    retryAfterHeader: 'retry-after',
    partitioning: 'Per token; CircleCI does not publish the numbers.',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement: 'CircleCI rate-limits API v2 but publishes no numbers; it answers 429 with Retry-After.',
    source: 'https://circleci.com/docs/api-developers-guide/',
  },
  errors: {
    source: API_V2,
    envelope: { codePaths: [], messagePaths: ['message'], fieldPaths: [] },
    rules: [],
  },
  actions: [],
  sourceFile: __filename,
});
