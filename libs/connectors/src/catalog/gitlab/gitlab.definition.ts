import { defineProvider } from '../../definition/define';
import { createIssue } from './actions/create-issue';
import { createIssueNote } from './actions/create-issue-note';
import { createMergeRequest } from './actions/create-merge-request';
import { deleteBranch } from './actions/delete-branch';
import { listIssues } from './actions/list-issues';
import { listMergeRequests } from './actions/list-merge-requests';
import { updateIssue } from './actions/update-issue';
import { BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

/**
 * GitLab REST API v4 on GitLab.com, or on a self-managed instance whose base URL the admin
 * gives (a personal, project or group access token there).
 */
export const gitlab = defineProvider({
  id: 'gitlab',
  name: 'GitLab',
  description: 'GitLab REST API v4: projects, issues, merge requests, pipelines and repository files.',
  docsUrl: 'https://docs.gitlab.com/api/rest/',
  servers: {
    default: { url: 'https://gitlab.com/api/v4', description: 'GitLab.com.', source: 'https://docs.gitlab.com/api/rest/' },
    self_managed: { url: '{baseUrl}/api/v4', description: 'A self-managed instance.', source: 'https://docs.gitlab.com/api/rest/' },
  },
  connectionParams: {
    baseUrl: { description: 'Base URL of a self-managed GitLab instance.', example: 'https://gitlab.example.com', source: 'admin', selfHosted: true },
  },
  hosts: ['gitlab.com'],
  pagination: {
    style: 'link_header',
    notes:
      '`page` and `per_page` (up to 100) in; `Link` rel="next", `x-next-page`, `x-total` out. Some endpoints also offer keyset paging (`pagination=keyset`).',
    source: 'https://docs.gitlab.com/api/rest/#pagination',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'GitLab.com OAuth application',
      docsUrl: 'https://docs.gitlab.com/api/oauth2/',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://gitlab.com/oauth/authorize',
      tokenUrl: 'https://gitlab.com/oauth/token',
      revokeUrl: 'https://gitlab.com/oauth/revoke',
      revokeRequest: { method: 'POST', encoding: 'form', tokenParam: 'token', clientAuthentication: 'body' },
      pkce: 'supported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'body' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'always',
      accessTokenLifetimeSeconds: 7200,
      notes:
        'Scopes: api, read_api, read_user, read_repository, write_repository. Access tokens expire after two hours; a refresh returns a new refresh token.',
    },
    {
      id: 'personal_access_token',
      type: 'bearer_token',
      label: 'GitLab.com personal, project or group access token',
      docsUrl: 'https://docs.gitlab.com/user/profile/personal_access_tokens/',
      inject: { in: 'header', name: 'PRIVATE-TOKEN' },
    },
    {
      id: 'self_managed_token',
      type: 'bearer_token',
      label: 'Self-managed instance access token',
      docsUrl: 'https://docs.gitlab.com/api/rest/authentication/',
      inject: { in: 'header', name: 'PRIVATE-TOKEN' },
      server: 'self_managed',
    },
  ],
  rateLimitSignals: {
    source: 'https://docs.gitlab.com/user/gitlab_com/rate_limits/',
    retryAfterHeader: 'retry-after',
    reset: { header: 'ratelimit-reset', format: 'epoch_seconds' },
    remainingHeader: 'ratelimit-remaining',
    limitHeader: 'ratelimit-limit',
    scopeHeader: 'ratelimit-name',
    partitioning: 'GitLab.com: per user for authenticated API traffic, per IP otherwise, plus per-endpoint limits; self-managed instances set their own.',
  },
  declaredLimits: [
    {
      per: 'user',
      requests: 2000,
      windowSeconds: 60,
      appliesTo: 'GitLab.com authenticated API traffic',
      source: 'https://docs.gitlab.com/user/gitlab_com/rate_limits/',
    },
  ],
  errors: {
    source: 'https://docs.gitlab.com/api/rest/troubleshooting/',
    // `{ message: "404 Project Not Found" }`, `{ message: { field: ["is invalid"] } }`, or OAuth `{ error, error_description }`.
    envelope: {
      codePaths: ['error'],
      messagePaths: ['message.@firstValue.0', 'message.0', 'message', 'error_description', 'error'],
      fieldPaths: ['message.@firstKey'],
    },
    rules: [
      {
        when: { status: [401], vendorCodes: ['invalid_token'] },
        code: 'needs_reauth',
        authExpired: true,
        because: 'the OAuth token expired (two hours) or was revoked',
      },
    ],
  },
  actions: [listIssues, createIssue, updateIssue, createIssueNote, listMergeRequests, createMergeRequest, deleteBranch],
  sourceFile: __filename,
});
