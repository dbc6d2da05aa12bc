import { defineProvider } from '../../definition/define';
import { addComment } from './actions/add-comment';
import { createTask } from './actions/create-task';
import { deleteTask } from './actions/delete-task';
import { getTask } from './actions/get-task';
import { listProjects } from './actions/list-projects';
import { listTasks } from './actions/list-tasks';
import { updateTask } from './actions/update-task';
import { BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

const RATE_LIMITS_DOC = 'https://developers.asana.com/docs/rate-limits';

/** Asana REST API 1.0. */
export const asana = defineProvider({
  id: 'asana',
  name: 'Asana',
  description: 'Asana API: tasks, projects, sections, stories (comments), workspaces, teams and users.',
  docsUrl: 'https://developers.asana.com/reference/rest-api-reference',
  servers: {
    default: { url: 'https://app.asana.com/api/1.0', description: 'Asana API 1.0.', source: 'https://developers.asana.com/reference/rest-api-reference' },
  },
  connectionParams: {},
  hosts: ['app.asana.com'],
  pagination: {
    style: 'page_token',
    notes: '`limit` (up to 100) and `offset` in; `next_page.offset` out, `next_page` null on the last page.',
    source: 'https://developers.asana.com/docs/pagination',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Asana OAuth app',
      docsUrl: 'https://developers.asana.com/docs/oauth',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://app.asana.com/-/oauth_authorize',
      tokenUrl: 'https://app.asana.com/-/oauth_token',
      revokeUrl: 'https://app.asana.com/-/oauth_revoke',
      revokeRequest: { method: 'POST', encoding: 'form', tokenParam: 'token', clientAuthentication: 'body' },
      pkce: 'supported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'body' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'never',
      accessTokenLifetimeSeconds: 3600,
      notes: 'Access tokens expire after an hour; refresh tokens do not expire.',
    },
    {
      id: 'personal_access_token',
      type: 'bearer_token',
      label: 'Asana personal access token',
      docsUrl: 'https://developers.asana.com/docs/personal-access-token',
      inject: BEARER_HEADER,
    },
  ],
  rateLimitSignals: {
    source: RATE_LIMITS_DOC,
    retryAfterHeader: 'retry-after',
    partitioning: 'Per authorization token per minute (by domain plan), plus concurrency and cost limits; search 60/min.',
  },
  declaredLimits: [
    { per: 'connection', requests: 150, windowSeconds: 60, appliesTo: 'free domains (paid domains: 1,500)', source: RATE_LIMITS_DOC },
    { per: 'connection', requests: 60, windowSeconds: 60, appliesTo: 'search API', source: RATE_LIMITS_DOC },
  ],
  errors: {
    source: 'https://developers.asana.com/docs/errors',
    // `{ errors: [{ message, help, phrase }] }`.
    envelope: { codePaths: [], messagePaths: ['errors.0.message'], fieldPaths: [] },
    rules: [],
  },
  actions: [listProjects, listTasks, getTask, createTask, updateTask, addComment, deleteTask],
  sourceFile: __filename,
});
