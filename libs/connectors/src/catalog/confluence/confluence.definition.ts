import { defineProvider } from '../../definition/define';
import { BASIC_HEADER, BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

const RATE_LIMITS_DOC = 'https://developer.atlassian.com/cloud/confluence/rate-limiting/';

/**
 * Confluence Cloud REST API v2 through the Atlassian API gateway (OAuth 2.0 3LO, the same
 * authorization server as Jira), or on the site itself with an account email and API token.
 */
export const confluence = defineProvider({
  id: 'confluence',
  name: 'Confluence Cloud',
  description: 'Confluence Cloud REST API v2: spaces, pages, blog posts, comments and attachments.',
  docsUrl: 'https://developer.atlassian.com/cloud/confluence/rest/v2/intro/',
  servers: {
    default: {
      url: 'https://api.atlassian.com/ex/confluence/{cloudId}',
      description: 'Gateway for OAuth 2.0 (3LO) tokens; paths start with /wiki/api/v2.',
      source: 'https://developer.atlassian.com/cloud/confluence/oauth-2-3lo-apps/',
    },
    site: {
      url: '{siteUrl}',
      description: 'The site itself, for API-token basic auth; paths start with /wiki/api/v2.',
      source: 'https://developer.atlassian.com/cloud/confluence/basic-auth-for-rest-apis/',
    },
  },
  connectionParams: {
    cloudId: {
      description: 'Site ID from https://api.atlassian.com/oauth/token/accessible-resources.',
      example: '1324a887-45db-1bf4-1e99-ef0ff456d421',
      source: 'discovery',
    },
    siteUrl: {
      description: 'Site base URL, for API-token connections.',
      example: 'https://acme.atlassian.net',
      source: 'admin',
      pattern: 'https://[a-z0-9][a-z0-9-]*\\.atlassian\\.net',
    },
  },
  hosts: ['api.atlassian.com', 'auth.atlassian.com', '*.atlassian.net'],
  pagination: {
    style: 'next_url',
    notes: "`limit` and `cursor` in; `_links.next` (and a `Link` header) carries the next page's URL with its cursor.",
    source: 'https://developer.atlassian.com/cloud/confluence/rest/v2/intro/#using',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Atlassian OAuth 2.0 (3LO)',
      docsUrl: 'https://developer.atlassian.com/cloud/confluence/oauth-2-3lo-apps/',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://auth.atlassian.com/authorize',
      tokenUrl: 'https://auth.atlassian.com/oauth/token',
      pkce: 'unsupported',
      scopeSeparator: ' ',
      authorizeParams: { audience: 'api.atlassian.com', prompt: 'consent' },
      tokenRequest: { encoding: 'json', clientAuthentication: 'body' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'always',
      accessTokenLifetimeSeconds: 3600,
      discovery: {
        url: 'https://api.atlassian.com/oauth/token/accessible-resources',
        description: "Lists the sites the grant covers; the first site's id becomes cloudId.",
        connectionParamPaths: { cloudId: '0.id' },
      },
      notes: 'Granular scopes such as read:page:confluence; offline_access for a refresh token. Refresh tokens rotate on every use.',
    },
    {
      id: 'api_token',
      type: 'basic',
      label: 'Atlassian account email + API token',
      docsUrl: 'https://developer.atlassian.com/cloud/confluence/basic-auth-for-rest-apis/',
      inject: BASIC_HEADER,
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
    partitioning:
      'Points-based hourly quotas per app and per-second burst limits (enforced for OAuth apps from 2026-03-02); API-token traffic keeps the burst limits only.',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement:
      'Confluence states its limits as a points model per app and tenant rather than a request count; the X-RateLimit-* headers carry the budget, so calls are paced on them and on Retry-After.',
    source: RATE_LIMITS_DOC,
  },
  errors: {
    source: 'https://developer.atlassian.com/cloud/confluence/rest/v2/intro/',
    // v2 answers `{ errors: [{ status, code, title, detail }] }`; the gateway answers `{ code, message }`.
    envelope: { codePaths: ['errors.0.code', 'code'], messagePaths: ['errors.0.detail', 'errors.0.title', 'message'], fieldPaths: [] },
    rules: [
      {
        when: { status: [401], messageMatches: 'scope does not match' },
        code: 'needs_reauth',
        because: 'the token lacks a scope: only a new consent helps, not a refresh',
      },
    ],
  },
  actions: [],
  sourceFile: __filename,
});
