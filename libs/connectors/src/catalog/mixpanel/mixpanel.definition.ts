import { defineProvider } from '../../definition/define';
import { BASIC_HEADER } from '../shared/auth-pieces';

const RATE_LIMITS_DOC = 'https://docs.mixpanel.com/reference/rate-limits';

/** Mixpanel query, export and ingestion APIs (US data residency; EU projects use the eu hosts). */
export const mixpanel = defineProvider({
  id: 'mixpanel',
  name: 'Mixpanel',
  description: 'Mixpanel APIs: insights, funnels and retention queries, raw event export, and event or profile ingestion.',
  docsUrl: 'https://developer.mixpanel.com/reference/overview',
  servers: {
    default: {
      url: 'https://mixpanel.com/api',
      description: 'Query API (/query/…) and management APIs.',
      source: 'https://developer.mixpanel.com/reference/query-api',
    },
    export: {
      url: 'https://data.mixpanel.com/api/2.0',
      description: 'Raw event export (/export, JSON lines).',
      source: 'https://developer.mixpanel.com/reference/raw-event-export',
    },
    ingestion: {
      url: 'https://api.mixpanel.com',
      description: 'Ingestion API (/import, /engage).',
      source: 'https://developer.mixpanel.com/reference/ingestion-api',
    },
  },
  connectionParams: {},
  hosts: ['mixpanel.com', 'data.mixpanel.com', 'api.mixpanel.com', 'eu.mixpanel.com', 'data-eu.mixpanel.com', 'api-eu.mixpanel.com'],
  pagination: {
    style: 'none',
    notes: 'Queries return whole results; export streams JSON lines for a date range; profile queries page with `session_id` and `page`.',
    source: 'https://developer.mixpanel.com/reference/query-api',
  },
  authModes: [
    {
      id: 'service_account',
      type: 'basic',
      label: 'Mixpanel service account (username + secret)',
      docsUrl: 'https://developer.mixpanel.com/reference/service-accounts',
      inject: BASIC_HEADER,
      notes: 'Most endpoints also take `project_id` as a query parameter.',
    },
  ],
  rateLimitSignals: {
    source: RATE_LIMITS_DOC,
    retryAfterHeader: 'retry-after',
    partitioning: 'Per project: query and export APIs per hour and concurrent queries; ingestion by volume per minute.',
  },
  declaredLimits: [
    { per: 'project', requests: 60, windowSeconds: 3600, appliesTo: 'Query API (and at most 5 concurrent queries)', source: RATE_LIMITS_DOC },
    { per: 'project', requests: 3, windowSeconds: 1, appliesTo: 'Raw Data Export API (also 60 per hour, 100 concurrent)', source: RATE_LIMITS_DOC },
  ],
  errors: {
    source: 'https://developer.mixpanel.com/reference/overview',
    envelope: { codePaths: [], messagePaths: ['error'], fieldPaths: [] },
    rules: [],
  },
  actions: [],
  sourceFile: __filename,
});
