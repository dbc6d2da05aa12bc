import { defineAction } from '../../../definition/define';
import { cursorParam, issue, perPageParam, PROJECT_NOT_FOUND, projectParam, RATE_LIMITED, REAUTH } from '../gitlab.schemas';

export const listIssues = defineAction({
  id: 'gitlab.list_issues',
  version: '1.0.0',
  title: 'List GitLab issues of a project',
  description: "Lists a project's issues (GET /projects/:id/issues), newest first, filtered by state, labels or a text search in title and description.",
  usage: "Use to see open work or find an issue's iid. Follow nextCursor for more pages (GitLab's Link header).",
  errorGuide: {
    upstream_not_found: PROJECT_NOT_FOUND,
    upstream_rate_limited: RATE_LIMITED,
    needs_reauth: REAUTH,
    invalid_input: 'The cursor did not come from this action.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read_api'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['project'],
    properties: {
      project: projectParam,
      state: { enum: ['opened', 'closed', 'all'], description: 'Which issues; all when omitted.', examples: ['opened'] },
      labels: { type: 'array', items: { type: 'string' }, description: 'Only issues with all of these labels.', examples: [['bug']] },
      search: { type: 'string', minLength: 1, description: 'Text to find in title or description.', examples: ['timeout'] },
      per_page: perPageParam,
      cursor: cursorParam,
    },
  },
  outputSchema: { type: 'object', properties: { issues: { type: 'array', items: issue } }, required: ['issues'] },
  http: {
    method: 'GET',
    path: '/projects/{project}/issues',
    query: { state: { $input: 'state' }, labels: { $input: 'labels' }, search: { $input: 'search' }, per_page: { $input: 'per_page' } },
    response: { wrapArrayAs: 'issues' },
  },
  pagination: { style: 'link_header', cursorInput: 'cursor' },
  provenance: { docsUrl: 'https://docs.gitlab.com/api/issues/#list-project-issues' },
  sourceFile: __filename,
});
