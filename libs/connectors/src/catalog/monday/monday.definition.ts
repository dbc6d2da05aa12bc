import { defineProvider } from '../../definition/define';
import { BEARER_HEADER } from '../shared/auth-pieces';

const RATE_LIMITS_DOC = 'https://developer.monday.com/api-reference/docs/rate-limits';

/** monday.com platform API (GraphQL): one endpoint, POST /v2. */
export const monday = defineProvider({
  id: 'monday',
  name: 'monday.com',
  description: 'monday.com GraphQL API: boards, items, subitems, column values, updates, users and workspaces.',
  docsUrl: 'https://developer.monday.com/api-reference/docs/basics',
  servers: { default: { url: 'https://api.monday.com', description: 'GraphQL at /v2.', source: 'https://developer.monday.com/api-reference/docs/basics' } },
  connectionParams: {},
  hosts: ['api.monday.com', 'auth.monday.com'],
  pagination: {
    style: 'graphql_cursor',
    notes: '`items_page(limit, cursor)` returns `cursor`; continue with `next_items_page(cursor)` until the cursor is null.',
    source: 'https://developer.monday.com/api-reference/reference/items-page',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'monday.com app (OAuth)',
      docsUrl: 'https://developer.monday.com/apps/docs/oauth',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://auth.monday.com/oauth2/authorize',
      tokenUrl: 'https://auth.monday.com/oauth2/token',
      pkce: 'unsupported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'body' },
      tokenResponse: { accessTokenPath: 'access_token', scopePath: 'scope', errorPath: 'error' },
      responseFormat: 'json',
      refreshTokenRotation: 'never',
      notes: 'Scopes such as boards:read, boards:write. Tokens do not expire until the app is uninstalled.',
    },
    {
      id: 'personal_api_token',
      type: 'api_key',
      label: 'monday.com personal API token',
      docsUrl: 'https://developer.monday.com/api-reference/docs/authentication',
      inject: { in: 'header', name: 'Authorization' },
    },
  ],
  rateLimitSignals: {
    source: RATE_LIMITS_DOC,
    retryAfterHeader: 'retry-after',
    partitioning: 'Per account: daily call limit by plan, a per-minute query limit, concurrency, and a complexity budget per minute per token.',
  },
  declaredLimits: [
    {
      per: 'account',
      requests: 1000,
      windowSeconds: 86400,
      appliesTo: 'Basic and Standard plans (Free 200; Pro 10,000 and Enterprise 25,000 as soft limits)',
      source: 'https://support.monday.com/hc/en-us/articles/26471164460690-API-Rate-Limits',
    },
  ],
  errors: {
    source: 'https://developer.monday.com/api-reference/docs/errors',
    // GraphQL errors with `extensions.code`, or `{ error_code, error_message }` for older codes.
    envelope: { codePaths: ['errors.0.extensions.code', 'error_code'], messagePaths: ['errors.0.message', 'error_message'], fieldPaths: [] },
    rules: [
      {
        when: { vendorCodes: ['ComplexityException', 'COMPLEXITY_BUDGET_EXHAUSTED', 'DAILY_LIMIT_EXCEEDED', 'RATE_LIMIT_EXCEEDED', 'maxConcurrencyExceeded'] },
        code: 'upstream_rate_limited',
        because: 'monday.com reports its complexity, daily and minute limits as error codes',
      },
      { when: { vendorCodes: ['UserUnauthorizedException'] }, code: 'upstream_forbidden', because: 'the user lacks permission on the board' },
      { when: { vendorCodes: ['ResourceNotFoundException'] }, code: 'upstream_not_found', because: 'no such board or item' },
    ],
  },
  actions: [],
  sourceFile: __filename,
});
