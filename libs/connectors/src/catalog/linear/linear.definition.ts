import { defineProvider } from '../../definition/define';
import { BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

const RATE_LIMITS_DOC = 'https://developers.linear.app/docs/graphql/working-with-the-graphql-api/rate-limiting';

/** Linear GraphQL API: one endpoint, POST /graphql. */
export const linear = defineProvider({
  id: 'linear',
  name: 'Linear',
  description: 'Linear GraphQL API: issues, projects, cycles, teams, comments and workflow states.',
  docsUrl: 'https://linear.app/developers/graphql',
  servers: { default: { url: 'https://api.linear.app', description: 'GraphQL at /graphql.', source: 'https://linear.app/developers/graphql' } },
  connectionParams: {},
  hosts: ['api.linear.app', 'linear.app'],
  pagination: { style: 'graphql_cursor', notes: 'Relay connections: `first`/`after` in; `pageInfo { hasNextPage endCursor }` out (50 nodes by default).', source: 'https://linear.app/developers/pagination' },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Linear OAuth 2.0 application',
      docsUrl: 'https://linear.app/developers/oauth-2-0-authentication',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://linear.app/oauth/authorize',
      tokenUrl: 'https://api.linear.app/oauth/token',
      revokeUrl: 'https://api.linear.app/oauth/revoke',
      revokeRequest: { method: 'POST', encoding: 'form', tokenParam: 'token', clientAuthentication: 'bearer' },
      pkce: 'supported',
      scopeSeparator: ',',
      tokenRequest: { encoding: 'form', clientAuthentication: 'body' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'optional',
      notes: 'Scopes: read, write, issues:create, comments:create, admin.',
    },
    {
      id: 'api_key',
      type: 'api_key',
      label: 'Linear personal API key',
      docsUrl: 'https://linear.app/developers/graphql#personal-api-keys',
      // Personal keys go in Authorization without a scheme.
      inject: { in: 'header', name: 'Authorization' },
    },
  ],
  rateLimitSignals: {
    source: RATE_LIMITS_DOC,
    reset: { header: 'x-ratelimit-requests-reset', format: 'epoch_seconds' },
    remainingHeader: 'x-ratelimit-requests-remaining',
    limitHeader: 'x-ratelimit-requests-limit',
    partitioning: 'Per user per hour (leaky bucket), whichever key or OAuth app they use, plus a query-complexity budget. Linear adjusts the numbers: the X-RateLimit-Requests-* headers are authoritative.',
  },
  declaredLimits: [{ per: 'user', requests: 2500, windowSeconds: 3600, appliesTo: 'API keys and OAuth apps alike (leaky bucket)', source: RATE_LIMITS_DOC }],
  errors: {
    source: 'https://linear.app/developers/graphql',
    // GraphQL `{ errors: [{ message, extensions: { code, userPresentableMessage } }] }`, often with HTTP 400.
    envelope: { codePaths: ['errors.0.extensions.code'], messagePaths: ['errors.0.extensions.userPresentableMessage', 'errors.0.message'], fieldPaths: [] },
    rules: [
      { when: { vendorCodes: ['RATELIMITED'] }, code: 'upstream_rate_limited', because: 'Linear reports rate limiting as a GraphQL error code' },
      { when: { vendorCodes: ['AUTHENTICATION_ERROR'] }, code: 'needs_reauth', authExpired: true, because: 'the token is invalid or expired' },
      { when: { vendorCodes: ['FORBIDDEN'] }, code: 'upstream_forbidden', because: 'the user may not do this' },
    ],
  },
  actions: [],
  sourceFile: __filename,
});
