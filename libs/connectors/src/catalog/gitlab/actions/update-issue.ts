import { defineAction } from '../../../definition/define';
import { issue, issueIidParam, PROJECT_NOT_FOUND, projectParam, RATE_LIMITED } from '../gitlab.schemas';

export const updateIssue = defineAction({
  id: 'gitlab.update_issue',
  version: '1.0.0',
  title: 'Close, reopen or edit a GitLab issue',
  description:
    'Changes an issue (PUT /projects/:id/issues/:issue_iid): close or reopen it (state_event), retitle it, replace its description, or add and remove labels. Fields you leave out keep their values.',
  usage: 'Use to close an issue that is done or to relabel it. Explain why in a gitlab.create_issue_note before closing.',
  errorGuide: {
    upstream_not_found: PROJECT_NOT_FOUND,
    upstream_invalid_request: 'Nothing to change, or a value is invalid; `field` names it when GitLab does.',
    upstream_forbidden: 'The token may not edit issues of this project.',
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  scopes: ['api'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['project', 'issue_iid'],
    properties: {
      project: projectParam,
      issue_iid: issueIidParam,
      state_event: { enum: ['close', 'reopen'], description: 'Close or reopen the issue.', examples: ['close'] },
      title: { type: 'string', minLength: 1, maxLength: 255, description: 'New title.', examples: ['Upload times out over 10 MB (nginx limit)'] },
      description: { type: 'string', description: 'New description (replaces the old one).', examples: ['Root cause: client_max_body_size.'] },
      add_labels: { type: 'string', minLength: 1, description: 'Comma-separated labels to add.', examples: ['confirmed'] },
      remove_labels: { type: 'string', minLength: 1, description: 'Comma-separated labels to remove.', examples: ['needs-triage'] },
    },
  },
  outputSchema: issue,
  http: {
    method: 'PUT',
    path: '/projects/{project}/issues/{issue_iid}',
    body: {
      encoding: 'json',
      value: {
        state_event: { $input: 'state_event' },
        title: { $input: 'title' },
        description: { $input: 'description' },
        add_labels: { $input: 'add_labels' },
        remove_labels: { $input: 'remove_labels' },
      },
    },
  },
  provenance: { docsUrl: 'https://docs.gitlab.com/api/issues/#edit-an-issue' },
  sourceFile: __filename,
});
