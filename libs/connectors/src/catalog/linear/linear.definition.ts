import { defineProvider } from '../../definition/define';
import { BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';
import { addComment } from './actions/add-comment';
import { createIssue } from './actions/create-issue';
import { deleteIssue } from './actions/delete-issue';
import { getIssue } from './actions/get-issue';
import { listIssues } from './actions/list-issues';
import { listTeams } from './actions/list-teams';
import { listWorkflowStates } from './actions/list-workflow-states';
import { updateIssue } from './actions/update-issue';
import { LINEAR_DOCS } from './linear.schemas';

const RATE_LIMITS_DOC = LINEAR_DOCS.rateLimiting;

/**
 * Linear GraphQL API: one endpoint, POST /graphql. Every action is a GraphQL document sent as
 * JSON; failures come as `errors[]` with `extensions.code`, at HTTP 400 or inside a 200 answer
 * (`errorsPath`), and are mapped like any vendor error, never passed off as success.
 */
export const linear = defineProvider({
  id: 'linear',
  name: 'Linear',
  description: 'Linear GraphQL API: issues, projects, cycles, teams, comments and workflow states.',
  docsUrl: 'https://linear.app/developers/graphql',
  servers: { default: { url: 'https://api.linear.app', description: 'GraphQL at /graphql.', source: 'https://linear.app/developers/graphql' } },
  connectionParams: {},
  hosts: ['api.linear.app', 'linear.app'],
  pagination: {
    style: 'graphql_cursor',
    notes:
      "Relay connections: `first`/`after` in; `pageInfo { hasNextPage endCursor }` out (50 nodes by default). Actions page as the engine's `cursor` style through `variables.after`.",
    source: LINEAR_DOCS.pagination,
  },
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
    // Linear sends the reset as UTC epoch milliseconds.
    reset: { header: 'x-ratelimit-requests-reset', format: 'epoch_millis' },
    remainingHeader: 'x-ratelimit-requests-remaining',
    limitHeader: 'x-ratelimit-requests-limit',
    partitioning:
      'Per user per hour (leaky bucket), whichever key or OAuth app they use, plus a query-complexity budget per hour (X-Complexity per request, X-RateLimit-Complexity-* headers). Linear adjusts the numbers: the X-RateLimit-Requests-* headers are authoritative.',
  },
  declaredLimits: [{ per: 'user', requests: 2500, windowSeconds: 3600, appliesTo: 'API keys and OAuth apps alike (leaky bucket)', source: RATE_LIMITS_DOC }],
  errors: {
    source: LINEAR_DOCS.graphql,
    // GraphQL `{ data, errors: [{ message, extensions: { code, type, userPresentableMessage } }] }`,
    // with HTTP 400 (rate limits, bad input, authentication) or inside an HTTP 200 answer.
    envelope: {
      errorsPath: 'errors',
      codePaths: ['errors.0.extensions.code', 'errors.0.extensions.type'],
      messagePaths: ['errors.0.extensions.userPresentableMessage', 'errors.0.message'],
      fieldPaths: ['errors.0.extensions.field'],
    },
    rules: [
      {
        when: { vendorCodes: ['RATELIMITED', 'ratelimited'] },
        code: 'upstream_rate_limited',
        defaultRetryAfterMs: 60_000,
        because: 'Linear reports rate limiting as a GraphQL error code (HTTP 400), not as a 429',
      },
      {
        when: { vendorCodes: ['AUTHENTICATION_ERROR', 'authentication error'] },
        code: 'needs_reauth',
        authExpired: true,
        because: 'the key was revoked or the OAuth token expired',
      },
      {
        when: { vendorCodes: ['FORBIDDEN', 'forbidden', 'feature not accessible'] },
        code: 'upstream_forbidden',
        because: 'the user or app may not do this (scope, team membership, plan)',
      },
      {
        when: { messageMatches: '^(entity not found|could not find referenced)' },
        code: 'upstream_not_found',
        because: 'a missing or invisible node is an error naming the entity, not a null result',
      },
      {
        when: { vendorCodes: ['INPUT_ERROR', 'InputError', 'invalid input', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'] },
        code: 'upstream_invalid_request',
        because: 'the input or the query was refused; retrying unchanged fails again',
      },
      { when: { status: [200] }, code: 'upstream_error', because: 'any other error inside a 200 answer is a failure, never a success with partial data' },
    ],
  },
  actions: [listTeams, listIssues, getIssue, listWorkflowStates, createIssue, updateIssue, addComment, deleteIssue],
  sourceFile: __filename,
});
