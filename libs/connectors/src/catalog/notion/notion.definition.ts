import { defineProvider } from '../../definition/define';
import { appendText } from './actions/append-text';
import { archivePage } from './actions/archive-page';
import { createPage } from './actions/create-page';
import { getPage } from './actions/get-page';
import { listBlockChildren } from './actions/list-block-children';
import { queryDatabase } from './actions/query-database';
import { search } from './actions/search';
import { BEARER_HEADER } from '../shared/auth-pieces';

const REQUEST_LIMITS = 'https://developers.notion.com/reference/request-limits';

/** Notion API; every request names the API version it was written against. */
export const notion = defineProvider({
  id: 'notion',
  name: 'Notion',
  description: 'Notion API: pages, databases and data sources, blocks, comments, users and search.',
  docsUrl: 'https://developers.notion.com/reference/intro',
  servers: { default: { url: 'https://api.notion.com/v1', description: 'Notion API v1.', source: 'https://developers.notion.com/reference/intro' } },
  connectionParams: {},
  hosts: ['api.notion.com'],
  defaultHeaders: { 'Notion-Version': '2022-06-28' },
  pagination: {
    style: 'cursor',
    notes: '`page_size` (up to 100) and `start_cursor` in; `results`, `has_more` and `next_cursor` out.',
    source: 'https://developers.notion.com/reference/intro#pagination',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Notion public integration (OAuth)',
      docsUrl: 'https://developers.notion.com/docs/authorization',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://api.notion.com/v1/oauth/authorize',
      tokenUrl: 'https://api.notion.com/v1/oauth/token',
      pkce: 'unsupported',
      scopeSeparator: ' ',
      authorizeParams: { owner: 'user' },
      tokenRequest: { encoding: 'json', clientAuthentication: 'basic' },
      tokenResponse: { accessTokenPath: 'access_token', refreshTokenPath: 'refresh_token', expiresInPath: 'expires_in', errorPath: 'error' },
      responseFormat: 'json',
      refreshTokenRotation: 'optional',
      notes: 'The user picks the pages to share at consent; the answer names the workspace (workspace_id) and bot.',
    },
    {
      id: 'internal_integration_token',
      type: 'bearer_token',
      label: 'Notion internal integration secret',
      docsUrl: 'https://developers.notion.com/docs/authorization#internal-integration-auth-flow-set-up',
      inject: BEARER_HEADER,
    },
  ],
  rateLimitSignals: {
    source: REQUEST_LIMITS,
    retryAfterHeader: 'retry-after',
    partitioning: 'Per integration (connection) and per workspace; bursts above the average are allowed.',
  },
  declaredLimits: [{ per: 'connection', requests: 3, windowSeconds: 1, appliesTo: 'average rate; bursts allowed', source: REQUEST_LIMITS }],
  errors: {
    source: 'https://developers.notion.com/reference/status-codes',
    // `{ object: "error", status, code, message }`.
    envelope: { codePaths: ['code'], messagePaths: ['message'], fieldPaths: [] },
    rules: [
      { when: { vendorCodes: ['unauthorized'] }, code: 'needs_reauth', authExpired: true, because: 'the token is invalid or was revoked' },
      { when: { vendorCodes: ['restricted_resource'] }, code: 'upstream_forbidden', because: 'the integration lacks the capability' },
      { when: { vendorCodes: ['object_not_found'] }, code: 'upstream_not_found', because: 'not found, or not shared with the integration' },
      { when: { vendorCodes: ['rate_limited'] }, code: 'upstream_rate_limited', because: 'over the request limit; Retry-After says when to return' },
      { when: { vendorCodes: ['conflict_error'] }, code: 'upstream_conflict', because: 'a concurrent edit; retry' },
      {
        when: { vendorCodes: ['validation_error', 'invalid_json', 'invalid_request', 'invalid_request_url', 'missing_version'] },
        code: 'upstream_invalid_request',
        because: 'the request does not match the schema',
      },
    ],
  },
  actions: [search, getPage, listBlockChildren, queryDatabase, createPage, appendText, archivePage],
  sourceFile: __filename,
});
