import { defineAction } from '../../../definition/define';
import { FORBIDDEN, graphqlBody, issueRefParam, LINEAR_DOCS, NOT_FOUND, RATE_LIMITED, REAUTH } from '../linear.schemas';

export const deleteIssue = defineAction({
  id: 'linear.delete_issue',
  version: '1.0.0',
  title: 'Delete a Linear issue',
  description:
    "Deletes an issue (issueDelete): it moves to the workspace's trash, disappears from lists and searches, and is purged after the trash period unless restored in Linear.",
  usage: 'Only when asked to delete an issue. To close one, move it to a completed or canceled state with linear.update_issue instead.',
  errorGuide: { upstream_not_found: NOT_FOUND, upstream_forbidden: FORBIDDEN, upstream_rate_limited: RATE_LIMITED, needs_reauth: REAUTH },
  sideEffect: 'destructive',
  hints: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
  scopes: ['write'],
  inputSchema: { type: 'object', additionalProperties: false, required: ['issueId'], properties: { issueId: issueRefParam } },
  outputSchema: { type: 'object', properties: { success: { const: true } }, required: ['success'] },
  http: {
    method: 'POST',
    path: '/graphql',
    body: graphqlBody('mutation IssueDelete($id: String!) { issueDelete(id: $id) { success } }', { id: { $input: 'issueId' } }),
    response: { resultPath: 'data.issueDelete' },
  },
  provenance: { docsUrl: LINEAR_DOCS.graphql, operationId: 'issueDelete' },
  sourceFile: __filename,
});
