import { defineProvider } from '../../definition/define';
import { GOOGLE_HOSTS, googleAuthModes, googleErrors } from '../shared/google';

const QUOTAS_DOC = 'https://cloud.google.com/bigquery/quotas#api_request_quotas';

/** BigQuery REST API v2 (jobs, queries, datasets, tables). */
export const bigquery = defineProvider({
  id: 'bigquery',
  name: 'BigQuery',
  description: 'BigQuery API v2: run queries and jobs, read results, and list projects, datasets and tables.',
  docsUrl: 'https://cloud.google.com/bigquery/docs/reference/rest',
  servers: {
    default: {
      url: 'https://bigquery.googleapis.com/bigquery/v2',
      description: 'BigQuery API v2: /projects/{projectId}/queries, /jobs, /datasets.',
      source: 'https://cloud.google.com/bigquery/docs/reference/rest',
    },
  },
  connectionParams: {},
  hosts: ['bigquery.googleapis.com', ...GOOGLE_HOSTS],
  pagination: {
    style: 'page_token',
    notes: '`maxResults` and `pageToken` in; `pageToken` / `nextPageToken` out (getQueryResults, tabledata.list, list methods).',
    source: 'https://cloud.google.com/bigquery/docs/paging-results',
  },
  authModes: googleAuthModes('Scopes: https://www.googleapis.com/auth/bigquery (or bigquery.readonly, cloud-platform.read-only).'),
  rateLimitSignals: {
    source: QUOTAS_DOC,
    partitioning: 'Per user per method per second, per project for jobs and bytes scanned; quota refusals are 403 quotaExceeded / rateLimitExceeded.',
  },
  declaredLimits: [{ per: 'user+method', requests: 100, windowSeconds: 1, appliesTo: 'API requests per user per method', source: QUOTAS_DOC }],
  errors: googleErrors,
  actions: [],
  sourceFile: __filename,
});
