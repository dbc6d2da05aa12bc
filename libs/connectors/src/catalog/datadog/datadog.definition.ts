import { defineProvider } from '../../definition/define';

const RATE_LIMITS_DOC = 'https://docs.datadoghq.com/api/latest/rate-limits/';

/**
 * Datadog API on the organization's site (US1 datadoghq.com, US3, US5, EU, AP1, AP2, US1-FED).
 * Calls carry two keys: an API key (the organization) and an application key (the user and
 * its permissions), so a connection stores them as the two halves of a basic credential.
 */
export const datadog = defineProvider({
  id: 'datadog',
  name: 'Datadog',
  description: 'Datadog API: monitors, metrics queries, events, logs search, dashboards, incidents and downtimes.',
  docsUrl: 'https://docs.datadoghq.com/api/latest/',
  servers: {
    default: { url: 'https://api.{site}', description: "The API host of the organization's site.", source: 'https://docs.datadoghq.com/getting_started/site/' },
  },
  connectionParams: {
    site: {
      description: 'Datadog site of the organization.',
      example: 'datadoghq.com',
      source: 'admin',
      pattern: 'datadoghq\\.com|us3\\.datadoghq\\.com|us5\\.datadoghq\\.com|datadoghq\\.eu|ap1\\.datadoghq\\.com|ap2\\.datadoghq\\.com|ddog-gov\\.com',
    },
  },
  hosts: ['*.datadoghq.com', 'api.datadoghq.eu', 'api.ddog-gov.com'],
  pagination: {
    style: 'cursor',
    notes: 'Varies by endpoint: v2 lists take `page[size]` and `page[cursor]` and return `meta.page.after`; others `page[number]` or `start`/`count`.',
    source: 'https://docs.datadoghq.com/api/latest/',
  },
  authModes: [
    {
      id: 'api_and_application_key',
      type: 'basic',
      label: 'API key + application key',
      docsUrl: 'https://docs.datadoghq.com/api/latest/authentication/',
      inject: { in: 'header', name: 'DD-API-KEY', passwordHeader: 'DD-APPLICATION-KEY' },
      notes: 'The API key goes in as the username, the application key as the password; each travels in its own header, never as HTTP Basic.',
    },
  ],
  rateLimitSignals: {
    source: RATE_LIMITS_DOC,
    reset: { header: 'x-ratelimit-reset', format: 'seconds_until' },
    remainingHeader: 'x-ratelimit-remaining',
    limitHeader: 'x-ratelimit-limit',
    scopeHeader: 'x-ratelimit-name',
    partitioning: 'Per organization per endpoint; X-RateLimit-Period gives each window in seconds.',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement: 'Datadog sets limits per endpoint and organization and reports them in the X-RateLimit-* headers rather than as one published number.',
    source: RATE_LIMITS_DOC,
  },
  errors: {
    source: 'https://docs.datadoghq.com/api/latest/',
    // `{ errors: ["Forbidden"] }` (v1) or `{ errors: [{ status, title, detail }] }` (v2).
    envelope: { codePaths: [], messagePaths: ['errors.0.detail', 'errors.0.title', 'errors.0'], fieldPaths: [] },
    rules: [
      {
        when: { status: [403] },
        code: 'upstream_forbidden',
        because: 'Datadog answers 403 for a bad API or application key as well as for a missing permission',
      },
    ],
  },
  actions: [],
  sourceFile: __filename,
});
