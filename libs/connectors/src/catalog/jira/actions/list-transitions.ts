import { defineAction } from '../../../definition/define';
import { issueKeyParam } from '../jira.schemas';

export const listTransitions = defineAction({
  id: 'jira.list_transitions',
  version: '1.0.0',
  title: 'List possible status changes of a Jira issue',
  description: 'Lists the workflow transitions available for an issue in its current status, with their IDs and target statuses.',
  usage: "Call before jira.transition_issue: transition IDs depend on the workflow and on the issue's current status.",
  errorGuide: {
    upstream_not_found: 'No such issue, or the user may not see it.',
    needs_reauth: 'The Atlassian connection must be refreshed or reconnected.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read:jira-work'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['issueIdOrKey'],
    properties: { issueIdOrKey: issueKeyParam },
  },
  outputSchema: {
    type: 'object',
    properties: {
      transitions: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            to: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
          },
          required: ['id', 'name'],
        },
      },
    },
    required: ['transitions'],
  },
  http: { method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}/transitions' },
  provenance: {
    docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-get',
    operationId: 'getTransitions',
  },
  sourceFile: __filename,
});
