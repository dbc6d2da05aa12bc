import { defineAction } from '../../../definition/define';
import { issue, PROJECT_NOT_FOUND, projectParam, RATE_LIMITED } from '../gitlab.schemas';

export const createIssue = defineAction({
  id: 'gitlab.create_issue',
  version: '1.0.0',
  title: 'Create a GitLab issue',
  description: 'Opens an issue in a project (POST /projects/:id/issues) with a title and optional Markdown description and labels.',
  usage:
    'Use to record a bug or task. Check gitlab.list_issues with search first to avoid a duplicate. Comment on an existing issue with gitlab.create_issue_note instead.',
  errorGuide: {
    upstream_not_found: PROJECT_NOT_FOUND,
    upstream_invalid_request: 'A required field is missing or invalid (e.g. "title is missing"); `field` names it when GitLab does.',
    upstream_forbidden: 'The token can read but not write this project (read_api scope, or a Guest role).',
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['api'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['project', 'title'],
    properties: {
      project: projectParam,
      title: { type: 'string', minLength: 1, maxLength: 255, description: 'Issue title.', examples: ['Upload times out over 10 MB'] },
      description: { type: 'string', maxLength: 1_048_576, description: 'Issue body in GitLab Markdown.', examples: ['Steps to reproduce: …'] },
      labels: { type: 'string', minLength: 1, description: 'Comma-separated label names; unknown labels are created.', examples: ['bug,backend'] },
    },
  },
  outputSchema: issue,
  http: {
    method: 'POST',
    path: '/projects/{project}/issues',
    body: { encoding: 'json', value: { title: { $input: 'title' }, description: { $input: 'description' }, labels: { $input: 'labels' } } },
  },
  provenance: { docsUrl: 'https://docs.gitlab.com/api/issues/#new-issue' },
  sourceFile: __filename,
});
