import { defineAction } from '../../../definition/define';
import { DEFAULT_ISSUE_FIELDS, fieldsParam, issue, issueKeyParam } from '../jira.schemas';

export const getIssue = defineAction({
  id: 'jira.get_issue',
  version: '1.0.0',
  title: 'Get a Jira issue',
  description: 'Returns one Jira issue by key or ID with the requested fields (GET /rest/api/3/issue/{issueIdOrKey}).',
  usage: 'Use when you know the issue key. To find issues by criteria use jira.search_issues.',
  errorGuide: {
    upstream_not_found: 'No such issue, or the user may not see it (Jira does not distinguish the two).',
    needs_reauth: 'The Atlassian connection must be refreshed or reconnected.',
    upstream_rate_limited: 'Wait retryAfterMs.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read:jira-work'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['issueIdOrKey'],
    properties: {
      issueIdOrKey: issueKeyParam,
      fields: fieldsParam([...DEFAULT_ISSUE_FIELDS, 'description', 'labels', 'reporter']),
    },
  },
  outputSchema: issue,
  http: {
    method: 'GET',
    path: '/rest/api/3/issue/{issueIdOrKey}',
    query: { fields: { $input: 'fields' } },
  },
  provenance: {
    docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get',
    operationId: 'getIssue',
  },
  sourceFile: __filename,
});
