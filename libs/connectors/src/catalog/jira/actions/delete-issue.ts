import { defineAction } from '../../../definition/define';
import { issueKeyParam } from '../jira.schemas';

export const deleteIssue = defineAction({
  id: 'jira.delete_issue',
  version: '1.0.0',
  title: 'Delete a Jira issue',
  description: 'Permanently deletes an issue, and its sub-tasks when deleteSubtasks is true (DELETE /rest/api/3/issue/{issueIdOrKey}). Jira has no undo.',
  usage: 'Only for issues created by mistake or spam. Prefer transitioning to a closed status, which keeps history.',
  errorGuide: {
    upstream_invalid_request: 'The issue has sub-tasks; repeat with deleteSubtasks true only if they should go too.',
    upstream_not_found: 'Already gone, or not visible to the user.',
    upstream_forbidden: 'The user lacks the delete-issues permission.',
  },
  sideEffect: 'destructive',
  costUnits: 5,
  hints: { readOnly: false, destructive: true, idempotent: true, openWorld: true },
  scopes: ['write:jira-work'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['issueIdOrKey'],
    properties: {
      issueIdOrKey: issueKeyParam,
      deleteSubtasks: { type: 'boolean', description: 'Also delete sub-tasks. Default false (Jira refuses when sub-tasks exist).', examples: [false] },
    },
  },
  outputSchema: {
    type: 'object',
    properties: { deleted: { const: true }, issueIdOrKey: { type: 'string' } },
    required: ['deleted'],
  },
  http: {
    method: 'DELETE',
    path: '/rest/api/3/issue/{issueIdOrKey}',
    query: { deleteSubtasks: { $input: 'deleteSubtasks' } },
    response: { onNoContent: { deleted: true, issueIdOrKey: { $input: 'issueIdOrKey' } } },
  },
  provenance: {
    docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-delete',
    operationId: 'deleteIssue',
  },
  sourceFile: __filename,
});
