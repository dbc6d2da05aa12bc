import { defineProvider } from '../../definition/define';
import { BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

const RATE_LIMITS_DOC = 'https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting';

/**
 * Pipedrive API (v1 and v2). OAuth tokens are used on the company domain the token answer
 * names (`api_domain`); API tokens on api.pipedrive.com.
 */
export const pipedrive = defineProvider({
  id: 'pipedrive',
  name: 'Pipedrive',
  description: 'Pipedrive API: deals, persons, organizations, activities, leads and pipelines.',
  docsUrl: 'https://developers.pipedrive.com/docs/api/v1',
  servers: {
    default: {
      url: '{apiDomain}/api',
      description: 'The company domain from the OAuth token answer; paths /v1/… and /v2/….',
      source: 'https://pipedrive.readme.io/docs/marketplace-oauth-authorization',
    },
    api_token: {
      url: 'https://api.pipedrive.com/api',
      description: 'For personal API tokens; paths /v1/… and /v2/….',
      source: 'https://pipedrive.readme.io/docs/core-api-concepts-authentication',
    },
  },
  connectionParams: {
    apiDomain: {
      description: 'Company API domain, `api_domain` of the token answer.',
      example: 'https://acme.pipedrive.com',
      source: 'token_response',
      pattern: 'https://[a-z0-9][a-z0-9-]*\\.pipedrive\\.com',
    },
  },
  hosts: ['*.pipedrive.com'],
  pagination: {
    style: 'cursor',
    notes: 'v2: `limit` and `cursor` in, `additional_data.next_cursor` out. v1: `start` and `limit` in, `additional_data.pagination.next_start` out.',
    source: 'https://pipedrive.readme.io/docs/core-api-concepts-pagination',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Pipedrive Marketplace app (OAuth)',
      docsUrl: 'https://pipedrive.readme.io/docs/marketplace-oauth-authorization',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://oauth.pipedrive.com/oauth/authorize',
      tokenUrl: 'https://oauth.pipedrive.com/oauth/token',
      pkce: 'unsupported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'basic' },
      tokenResponse: { ...RFC6749_TOKEN_RESPONSE, connectionParamPaths: { apiDomain: 'api_domain' } },
      responseFormat: 'json',
      refreshTokenRotation: 'optional',
      notes: 'Scopes are chosen on the app. Calls go to the company domain in `api_domain`.',
    },
    {
      id: 'api_token',
      type: 'api_key',
      label: 'Pipedrive personal API token',
      docsUrl: 'https://pipedrive.readme.io/docs/how-to-find-the-api-token',
      inject: { in: 'header', name: 'x-api-token' },
      server: 'api_token',
    },
  ],
  rateLimitSignals: {
    source: RATE_LIMITS_DOC,
    retryAfterHeader: 'retry-after',
    remainingHeader: 'x-ratelimit-remaining',
    limitHeader: 'x-ratelimit-limit',
    reset: { header: 'x-ratelimit-reset', format: 'seconds_until' },
    partitioning: 'A daily token budget per company account (plan × seats), each endpoint costing tokens, plus a burst limit per 2-second window per user.',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement:
      'Pipedrive budgets tokens per company per day from the plan and the number of seats, with endpoint-specific costs, so there is no single request count to pace on.',
    source: RATE_LIMITS_DOC,
  },
  errors: {
    source: 'https://pipedrive.readme.io/docs/core-api-concepts-http-status-codes',
    // `{ success: false, error, error_info, errorCode }`.
    envelope: { codePaths: ['errorCode'], messagePaths: ['error', 'error_info'], fieldPaths: [] },
    rules: [],
  },
  actions: [],
  sourceFile: __filename,
});
