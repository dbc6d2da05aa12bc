import { defineProvider } from '../../definition/define';
import { addComment } from './actions/add-comment';
import { createIssue } from './actions/create-issue';
import { deleteIssue } from './actions/delete-issue';
import { getIssue } from './actions/get-issue';
import { listTransitions } from './actions/list-transitions';
import { searchIssues } from './actions/search-issues';
import { transitionIssue } from './actions/transition-issue';

const RATE_LIMITS_DOC = 'https://developer.atlassian.com/cloud/jira/platform/rate-limiting/';

/**
 * Jira Cloud REST v3 through the Atlassian API gateway (OAuth 2.0 3LO), or directly on the
 * site with an API token. Sources: /work/shared/vendors/jira.md.
 */
export const jira = defineProvider({
  id: 'jira',
  name: 'Jira Cloud',
  description: 'Jira Cloud REST API v3: search, read, create, transition, comment on and delete issues.',
  docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/',
  servers: {
    default: {
      url: 'https://api.atlassian.com/ex/jira/{cloudId}',
      description: 'Gateway for OAuth 2.0 (3LO) tokens; the site is chosen by cloudId.',
      source: 'https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/',
    },
    site: {
      url: '{siteUrl}',
      description: 'The site itself (https://<name>.atlassian.net), for API-token basic auth.',
      source: 'https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/',
    },
  },
  connectionParams: {
    cloudId: {
      description: 'Site ID from https://api.atlassian.com/oauth/token/accessible-resources (the `id` of the chosen site).',
      example: '1324a887-45db-1bf4-1e99-ef0ff456d421',
      source: 'discovery',
    },
    siteUrl: { description: 'Site base URL, for API-token connections.', example: 'https://acme.atlassian.net', source: 'admin' },
  },
  hosts: ['api.atlassian.com', 'auth.atlassian.com', '*.atlassian.net'],
  pagination: {
    style: 'offset',
    notes:
      'Most lists: `startAt`/`maxResults` in, `startAt`, `maxResults`, `total`, `isLast` out. `/search/jql` pages with `nextPageToken` and `isLast` instead.',
    source: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#pagination',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Atlassian OAuth 2.0 (3LO)',
      docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/',
      inject: { in: 'header', name: 'Authorization', scheme: 'Bearer' },
      authorizeUrl: 'https://auth.atlassian.com/authorize',
      tokenUrl: 'https://auth.atlassian.com/oauth/token',
      pkce: 'unsupported',
      scopeSeparator: ' ',
      authorizeParams: { audience: 'api.atlassian.com', prompt: 'consent' },
      tokenRequest: { encoding: 'json', clientAuthentication: 'body' },
      tokenResponse: {
        accessTokenPath: 'access_token',
        refreshTokenPath: 'refresh_token',
        expiresInPath: 'expires_in',
        scopePath: 'scope',
        errorPath: 'error',
      },
      responseFormat: 'json',
      refreshTokenRotation: 'always',
      accessTokenLifetimeSeconds: 3600,
      discovery: {
        url: 'https://api.atlassian.com/oauth/token/accessible-resources',
        description: "Lists the sites the grant covers; the first site's id becomes cloudId (a console may let the admin pick another).",
        connectionParamPaths: { cloudId: '0.id' },
      },
      notes:
        'Ask for offline_access to get a refresh token. Refresh tokens rotate on every use; reusing a replaced one after the ~10 minute leeway triggers breach detection (403 invalid_grant). No revocation endpoint: users revoke in their account settings.',
    },
    {
      id: 'api_token',
      type: 'basic',
      label: 'Atlassian account email + API token',
      docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/',
      inject: { in: 'header', name: 'Authorization', scheme: 'Basic' },
      server: 'site',
    },
  ],
  rateLimitSignals: {
    source: RATE_LIMITS_DOC,
    retryAfterHeader: 'retry-after',
    reset: { header: 'x-ratelimit-reset', format: 'iso8601' },
    remainingHeader: 'x-ratelimit-remaining',
    limitHeader: 'x-ratelimit-limit',
    reasonHeader: 'ratelimit-reason',
    partitioning: 'Hourly points quota per app (global and per tenant), a per-second burst bucket per tenant+endpoint+method, and per-issue write limits.',
  },
  declaredLimits: [
    { per: 'connection+endpoint+method', requests: 100, windowSeconds: 1, appliesTo: 'GET/POST burst (PUT/DELETE: 50)', source: RATE_LIMITS_DOC },
    { per: 'issue', requests: 20, windowSeconds: 2, appliesTo: 'writes to one issue', source: RATE_LIMITS_DOC },
    { per: 'issue', requests: 100, windowSeconds: 30, appliesTo: 'writes to one issue', source: RATE_LIMITS_DOC },
  ],
  errors: {
    source: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#status-codes',
    envelope: {
      // ErrorCollection `{ errorMessages, errors: { field: message } }`; the gateway answers `{ code, message }`.
      codePaths: [],
      messagePaths: ['errorMessages.0', 'errors.@firstValue', 'message'],
      fieldPaths: ['errors.@firstKey'],
    },
    rules: [
      {
        when: { status: [401], messageMatches: 'scope does not match' },
        code: 'needs_reauth',
        because: 'the token lacks a scope: only a new consent with more scopes helps, not a refresh',
      },
      { when: { status: [413] }, code: 'upstream_rate_limited', because: 'Jira answers 413 when the per-issue write limit is hit (transitions, comments)' },
    ],
  },
  actions: [searchIssues, getIssue, createIssue, listTransitions, transitionIssue, addComment, deleteIssue],
  // REST API v3 (https://developer.atlassian.com/cloud/jira/platform/rest/v3/): GET reads,
  // POST /search is a read by body, every DELETE removes (issues, comments, worklogs).
  proxy: {
    reads: ['GET /**', 'HEAD /**', 'POST /rest/api/3/search', 'POST /rest/api/3/search/jql'],
    destructive: ['DELETE /**'],
  },
  sourceFile: __filename,
});
