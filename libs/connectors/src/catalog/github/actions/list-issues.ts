import { defineAction } from '../../../definition/define';
import { issue, ownerParam, repoParam } from '../github.schemas';

export const listIssues = defineAction({
  id: 'github.list_issues',
  version: '1.0.0',
  title: 'List GitHub issues of a repository',
  description:
    'Lists issues of a repository (GET /repos/{owner}/{repo}/issues), newest first by default, one page per call. Pull requests are included and carry a `pull_request` key.',
  usage: 'Use to see open work or find an issue number. Filter with state, labels, assignee or creator; follow nextCursor for more pages.',
  errorGuide: {
    upstream_not_found: 'The repository does not exist or the token cannot see it (GitHub answers 404 for private repositories).',
    upstream_rate_limited: 'Hourly API limit used up or a secondary limit hit; wait retryAfterMs.',
    needs_reauth: 'Bad or expired credentials; refresh once, otherwise reconnect.',
    invalid_input: 'The cursor did not come from this action.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['repo'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['owner', 'repo'],
    properties: {
      owner: ownerParam,
      repo: repoParam,
      state: { enum: ['open', 'closed', 'all'], default: 'open', description: 'Which issues: open (default), closed or all.', examples: ['open'] },
      labels: { type: 'array', items: { type: 'string' }, description: 'Only issues with all of these labels.', examples: [['bug', 'p1']] },
      assignee: { type: 'string', description: 'Login of the assignee, `none` for unassigned, `*` for any.', examples: ['octocat'] },
      creator: { type: 'string', description: 'Login of the user who opened the issue.', examples: ['octocat'] },
      since: { type: 'string', format: 'date-time', description: 'Only issues updated at or after this time (ISO 8601).', examples: ['2026-01-01T00:00:00Z'] },
      sort: { enum: ['created', 'updated', 'comments'], description: 'Sort field (default created).', examples: ['updated'] },
      direction: { enum: ['asc', 'desc'], description: 'Sort direction (default desc).', examples: ['desc'] },
      per_page: { type: 'integer', minimum: 1, maximum: 100, default: 30, description: 'Items per page (default 30, at most 100).', examples: [50] },
      cursor: {
        type: 'string',
        description: 'Opaque nextCursor from the previous page of this action. Omit for the first page.',
        examples: ['eyJhIjoiZ2l0aHViLmxpc3RfaXNzdWVzIn0'],
      },
    },
  },
  outputSchema: { type: 'object', properties: { issues: { type: 'array', items: issue } }, required: ['issues'] },
  http: {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues',
    query: {
      state: { $input: 'state' },
      labels: { $input: 'labels' },
      assignee: { $input: 'assignee' },
      creator: { $input: 'creator' },
      since: { $input: 'since' },
      sort: { $input: 'sort' },
      direction: { $input: 'direction' },
      per_page: { $input: 'per_page' },
    },
    response: { wrapArrayAs: 'issues' },
  },
  pagination: { style: 'link_header', cursorInput: 'cursor' },
  provenance: { docsUrl: 'https://docs.github.com/en/rest/issues/issues#list-repository-issues', operationId: 'issues/list-for-repo' },
  sourceFile: __filename,
});
