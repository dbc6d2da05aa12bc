import { defineProvider } from '../../definition/define';
import { BASIC_HEADER } from '../shared/auth-pieces';

const TECHNICAL_OVERVIEW = 'https://documentation.bamboohr.com/docs/api-details';
const RATE_LIMIT_CHANGE = 'https://documentation.bamboohr.com/docs/planned-changes-to-the-api';

/** BambooHR API for one company, on the company's own subdomain. */
export const bamboohr = defineProvider({
  id: 'bamboohr',
  name: 'BambooHR',
  description: 'BambooHR API: employees, directory, time off, custom reports, files and tables.',
  docsUrl: 'https://documentation.bamboohr.com/reference',
  servers: {
    default: { url: 'https://{companyDomain}.bamboohr.com/api/v1', description: "The company's API root.", source: TECHNICAL_OVERVIEW },
  },
  connectionParams: {
    companyDomain: { description: 'The company subdomain, `acme` in acme.bamboohr.com.', example: 'acme', source: 'admin', pattern: '[a-z0-9][a-z0-9-]*' },
  },
  hosts: ['*.bamboohr.com'],
  pagination: {
    style: 'none',
    notes: 'Directory and custom reports return the full list; there are no paging parameters.',
    source: 'https://documentation.bamboohr.com/reference',
  },
  authModes: [
    {
      id: 'api_key',
      type: 'basic',
      label: 'BambooHR API key',
      docsUrl: 'https://documentation.bamboohr.com/docs/getting-started',
      inject: BASIC_HEADER,
      notes: 'The API key is the username; the password can be any string (e.g. "x").',
    },
  ],
  rateLimitSignals: {
    source: RATE_LIMIT_CHANGE,
    retryAfterHeader: 'retry-after',
    partitioning: 'Per company and key; BambooHR publishes no numbers.',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement:
      'BambooHR publishes no numeric API limit. Since 2026-09-16 a throttled request gets 429 with Retry-After (before that, 503); 503 now means the API is unavailable.',
    source: RATE_LIMIT_CHANGE,
  },
  errors: {
    source: TECHNICAL_OVERVIEW,
    // The reason travels in the `X-BambooHR-Error-Message` header; bodies are usually empty.
    envelope: { codePaths: [], messagePaths: ['message'], fieldPaths: [] },
    rules: [],
  },
  actions: [],
  sourceFile: __filename,
});
