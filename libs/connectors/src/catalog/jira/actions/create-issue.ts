import { defineAction } from '../../../definition/define';

export const createIssue = defineAction({
  id: 'jira.create_issue',
  version: '1.0.0',
  title: 'Create a Jira issue',
  description:
    'Creates an issue in a Jira project (POST /rest/api/3/issue) and returns its key. The description is plain text; it is converted to Atlassian Document Format.',
  usage: 'Use to file a bug, task or story. For a sub-task give issueType "Subtask" and parentKey. Search first if a duplicate is likely.',
  errorGuide: {
    upstream_invalid_request: 'Jira rejected a field (message names it, e.g. project or issuetype); correct it and retry.',
    upstream_forbidden: 'The user may not create issues in this project.',
    needs_reauth: 'The Atlassian connection must be refreshed or reconnected.',
    upstream_rate_limited: 'Wait retryAfterMs; do not repeat a create that may have succeeded without checking.',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['write:jira-work'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['projectKey', 'issueType', 'summary'],
    properties: {
      projectKey: { type: 'string', pattern: '^[A-Z][A-Z0-9_]+$', description: 'Key of the project to create the issue in.', examples: ['OPS'] },
      issueType: { type: 'string', minLength: 1, description: 'Issue type name as shown in the project.', examples: ['Bug'] },
      summary: { type: 'string', minLength: 1, maxLength: 255, description: 'One-line title.', examples: ['Checkout fails for EU customers'] },
      description: {
        type: 'string',
        maxLength: 32000,
        description: 'Plain-text description; blank lines separate paragraphs.',
        examples: ['Steps to reproduce:\n1. Open checkout\n2. Pay with SEPA\n\nExpected: success.'],
      },
      labels: { type: 'array', items: { type: 'string', pattern: '^\\S+$' }, description: 'Labels (no spaces).', examples: [['payments', 'eu']] },
      priority: { type: 'string', description: 'Priority name.', examples: ['High'] },
      assigneeAccountId: { type: 'string', description: 'Atlassian account ID of the assignee.', examples: ['5b109f2e9729b51b54dc274d'] },
      parentKey: { type: 'string', pattern: '^[A-Z][A-Z0-9_]+-\\d+$', description: 'Parent issue key, for sub-tasks.', examples: ['OPS-7'] },
    },
  },
  outputSchema: {
    type: 'object',
    properties: { id: { type: 'string' }, key: { type: 'string' }, self: { type: 'string' } },
    required: ['id', 'key'],
  },
  http: {
    method: 'POST',
    path: '/rest/api/3/issue',
    body: {
      encoding: 'json',
      value: {
        fields: {
          project: { key: { $input: 'projectKey' } },
          issuetype: { name: { $input: 'issueType' } },
          summary: { $input: 'summary' },
          description: { $input: 'description', transform: 'adf_from_text' },
          labels: { $input: 'labels' },
          priority: { name: { $input: 'priority' } },
          assignee: { id: { $input: 'assigneeAccountId' } },
          parent: { key: { $input: 'parentKey' } },
        },
      },
    },
  },
  provenance: {
    docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post',
    operationId: 'createIssue',
  },
  sourceFile: __filename,
});
