import { defineProvider } from '../../definition/define';
import { GOOGLE_HOSTS, googleAuthModes, googleErrors } from '../shared/google';

const QUOTAS_DOC = 'https://developers.google.com/analytics/devguides/reporting/data/v1/quotas';

/** Google Analytics 4: the Data API for reports and the Admin API for configuration. */
export const googleAnalytics = defineProvider({
  id: 'google_analytics',
  name: 'Google Analytics',
  description: 'Google Analytics 4 Data API (reports, realtime, metadata) and Admin API (accounts, properties, data streams).',
  docsUrl: 'https://developers.google.com/analytics/devguides/reporting/data/v1',
  servers: {
    default: {
      url: 'https://analyticsdata.googleapis.com/v1beta',
      description: 'Data API: properties/{id}:runReport and friends.',
      source: 'https://developers.google.com/analytics/devguides/reporting/data/v1/rest',
    },
    admin: {
      url: 'https://analyticsadmin.googleapis.com/v1beta',
      description: 'Admin API.',
      source: 'https://developers.google.com/analytics/devguides/config/admin/v1/rest',
    },
  },
  connectionParams: {},
  hosts: ['analyticsdata.googleapis.com', 'analyticsadmin.googleapis.com', ...GOOGLE_HOSTS],
  pagination: {
    style: 'offset',
    notes:
      'runReport takes `limit` and `offset` in the body and returns `rowCount`; Admin API lists take `pageSize` and `pageToken` and return `nextPageToken`.',
    source: 'https://developers.google.com/analytics/devguides/reporting/data/v1/basics#pagination',
  },
  authModes: googleAuthModes('Scopes: https://www.googleapis.com/auth/analytics.readonly (reports), analytics.edit (admin).'),
  rateLimitSignals: {
    source: QUOTAS_DOC,
    partitioning:
      'Per property: core, realtime and funnel tokens per day and per hour, per project per property per hour, and concurrent requests; each request costs tokens by complexity.',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement:
      'Google Analytics Data API quotas are counted in tokens per property (per day, per hour, concurrent), not in requests; a report with returnPropertyQuota shows what is left.',
    source: QUOTAS_DOC,
  },
  errors: googleErrors,
  actions: [],
  sourceFile: __filename,
});
