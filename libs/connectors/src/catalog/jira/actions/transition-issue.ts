import { defineAction } from '../../../definition/define';
import { issueKeyParam } from '../jira.schemas';

export const transitionIssue = defineAction({
  id: 'jira.transition_issue',
  version: '1.0.0',
  title: 'Move a Jira issue to another status',
  description: 'Performs a workflow transition on an issue (POST /rest/api/3/issue/{issueIdOrKey}/transitions), optionally adding a comment.',
  usage: 'Get valid transition IDs from jira.list_transitions first; an ID valid for one status is not valid for another.',
  errorGuide: {
    upstream_invalid_request: 'The transition is not available from the current status, or a required screen field is missing; list transitions again.',
    upstream_not_found: 'No such issue, or the user may not see it.',
    upstream_conflict: 'Someone changed the issue at the same time; read it again and retry.',
    upstream_rate_limited: 'Too many writes to this issue; wait retryAfterMs.',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['write:jira-work'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['issueIdOrKey', 'transitionId'],
    properties: {
      issueIdOrKey: issueKeyParam,
      transitionId: { type: 'string', pattern: '^\\d+$', description: 'Transition ID from jira.list_transitions.', examples: ['31'] },
      comment: { type: 'string', minLength: 1, description: 'Optional plain-text comment added with the transition.', examples: ['Deployed to production.'] },
    },
  },
  outputSchema: {
    type: 'object',
    properties: { transitioned: { const: true }, issueIdOrKey: { type: 'string' }, transitionId: { type: 'string' } },
    required: ['transitioned'],
  },
  http: {
    method: 'POST',
    path: '/rest/api/3/issue/{issueIdOrKey}/transitions',
    body: {
      encoding: 'json',
      value: {
        transition: { id: { $input: 'transitionId' } },
        update: { comment: [{ add: { body: { $input: 'comment', transform: 'adf_from_text' } } }] },
      },
    },
    // Jira answers 204 with no body.
    response: { onNoContent: { transitioned: true, issueIdOrKey: { $input: 'issueIdOrKey' }, transitionId: { $input: 'transitionId' } } },
  },
  provenance: {
    docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-post',
    operationId: 'doTransition',
  },
  sourceFile: __filename,
});
