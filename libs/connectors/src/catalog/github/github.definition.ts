import { defineProvider } from '../../definition/define';
import { createIssue } from './actions/create-issue';
import { createIssueComment } from './actions/create-issue-comment';
import { createPullRequest } from './actions/create-pull-request';
import { deleteFile } from './actions/delete-file';
import { getFileContents } from './actions/get-file-contents';
import { listIssues } from './actions/list-issues';

/**
 * GitHub REST API. Paths, methods and parameter names are checked against GitHub's own
 * OpenAPI description (@octokit/openapi) in github.openapi.spec.ts.
 * Sources: /work/shared/vendors/github.md.
 */
export const github = defineProvider({
  id: 'github',
  name: 'GitHub',
  description: 'GitHub REST API: issues, comments, file contents and pull requests.',
  docsUrl: 'https://docs.github.com/en/rest',
  servers: {
    default: {
      url: 'https://api.github.com',
      description: 'GitHub.com REST API.',
      source: 'https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api',
    },
  },
  connectionParams: {},
  hosts: ['api.github.com', 'github.com'],
  pagination: {
    style: 'link_header',
    notes: '`per_page` (up to 100) and `page` in; the `Link` header names the `rel="next"` URL until the last page.',
    source: 'https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api',
  },
  defaultHeaders: {
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
    // GitHub refuses requests without a User-Agent.
    'User-Agent': 'causeway-connectors',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'GitHub OAuth app or GitHub App user token',
      docsUrl: 'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps',
      inject: { in: 'header', name: 'Authorization', scheme: 'Bearer' },
      authorizeUrl: 'https://github.com/login/oauth/authorize',
      tokenUrl: 'https://github.com/login/oauth/access_token',
      revokeUrl: 'https://api.github.com/applications/{client_id}/token',
      revokeRequest: { method: 'DELETE', encoding: 'json', tokenParam: 'access_token', clientAuthentication: 'basic' },
      pkce: 'supported',
      scopeSeparator: ' ',
      // Without Accept: application/json the token endpoint answers form-encoded.
      tokenRequest: { encoding: 'form', clientAuthentication: 'body', headers: { Accept: 'application/json' } },
      tokenResponse: {
        accessTokenPath: 'access_token',
        refreshTokenPath: 'refresh_token',
        expiresInPath: 'expires_in',
        scopePath: 'scope',
        errorPath: 'error',
      },
      responseFormat: 'json',
      refreshTokenRotation: 'always',
      accessTokenLifetimeSeconds: 28800,
      notes:
        'Classic OAuth-app tokens do not expire and come without a refresh token. GitHub App user tokens expire after 8 h; their refresh tokens (6 months) rotate and the old pair stops working. Token endpoint errors arrive with HTTP 200 and an `error` field.',
    },
    {
      id: 'personal_access_token',
      type: 'bearer_token',
      label: 'GitHub personal access token',
      docsUrl: 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens',
      inject: { in: 'header', name: 'Authorization', scheme: 'Bearer' },
    },
  ],
  rateLimitSignals: {
    source: 'https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api',
    retryAfterHeader: 'retry-after',
    reset: { header: 'x-ratelimit-reset', format: 'epoch_seconds' },
    remainingHeader: 'x-ratelimit-remaining',
    limitHeader: 'x-ratelimit-limit',
    scopeHeader: 'x-ratelimit-resource',
    partitioning:
      'Primary: requests per hour per user or installation, per resource bucket (core, search, graphql). Secondary: concurrency, points per minute per endpoint, content creation per minute and hour.',
  },
  declaredLimits: [
    {
      per: 'user',
      requests: 5000,
      windowSeconds: 3600,
      appliesTo: 'primary limit, core resource',
      source: 'https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api',
    },
    {
      per: 'user',
      requests: 80,
      windowSeconds: 60,
      appliesTo: 'content-creating requests (issues, comments, pull requests)',
      source: 'https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits',
    },
  ],
  errors: {
    source: 'https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api',
    envelope: { codePaths: ['errors.0.code'], messagePaths: ['errors.0.message', 'message'], fieldPaths: ['errors.0.field'] },
    rules: [
      {
        when: { status: [403, 429], header: { name: 'x-ratelimit-remaining', equals: '0' } },
        code: 'upstream_rate_limited',
        because: 'primary limit exhausted: GitHub answers 403 or 429 with x-ratelimit-remaining 0; wait until x-ratelimit-reset',
      },
      {
        when: { status: [403, 429], messageMatches: 'secondary rate limit' },
        code: 'upstream_rate_limited',
        defaultRetryAfterMs: 60_000,
        because: 'secondary limits: honour retry-after, else wait at least a minute',
      },
      { when: { status: [422], vendorCodes: ['already_exists'] }, code: 'upstream_conflict', because: 'the resource already exists' },
      {
        when: { status: [422], messageMatches: 'already exists' },
        code: 'upstream_conflict',
        because: 'e.g. "A pull request already exists for owner:branch."',
      },
    ],
  },
  actions: [listIssues, createIssue, createIssueComment, getFileContents, createPullRequest, deleteFile],
  // REST API (https://docs.github.com/rest): GET and HEAD read; every DELETE removes something
  // (a repository, a file, a branch ref, a comment, a collaborator): destructive.
  proxy: {
    reads: ['GET /**', 'HEAD /**'],
    destructive: ['DELETE /**'],
  },
  sourceFile: __filename,
});
