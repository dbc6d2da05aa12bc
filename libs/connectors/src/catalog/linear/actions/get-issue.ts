import { defineAction } from '../../../definition/define';
import { graphqlBody, issue, ISSUE_FIELDS, issueRefParam, LINEAR_DOCS, NOT_FOUND, RATE_LIMITED, REAUTH } from '../linear.schemas';

export const getIssue = defineAction({
  id: 'linear.get_issue',
  version: '1.0.0',
  title: 'Get a Linear issue',
  description: 'Reads one issue by identifier (ENG-123) or id: title, description (Markdown), priority, state, assignee, team and URL.',
  usage: 'Use when you know the issue; to find issues by team, state or text use linear.list_issues.',
  errorGuide: { upstream_not_found: NOT_FOUND, upstream_rate_limited: RATE_LIMITED, needs_reauth: REAUTH },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read'],
  inputSchema: { type: 'object', additionalProperties: false, required: ['issueId'], properties: { issueId: issueRefParam } },
  outputSchema: issue,
  http: {
    method: 'POST',
    path: '/graphql',
    body: graphqlBody(`query Issue($id: String!) { issue(id: $id) { ${ISSUE_FIELDS} } }`, { id: { $input: 'issueId' } }),
    response: { resultPath: 'data.issue' },
  },
  provenance: { docsUrl: LINEAR_DOCS.graphql, operationId: 'issue' },
  sourceFile: __filename,
});
