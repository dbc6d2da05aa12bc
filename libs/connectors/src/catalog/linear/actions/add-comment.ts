import { defineAction } from '../../../definition/define';
import { FORBIDDEN, graphqlBody, INVALID, issueRefParam, LINEAR_DOCS, NOT_FOUND, RATE_LIMITED, REAUTH } from '../linear.schemas';

export const addComment = defineAction({
  id: 'linear.add_comment',
  version: '1.0.0',
  title: 'Comment on a Linear issue',
  description: "Adds a Markdown comment to an issue (commentCreate) as the credential's user or OAuth app; returns the comment with its id and URL.",
  usage:
    'Use to report progress or ask a question on an issue. To change the issue itself (state, assignee), use linear.update_issue. Calling twice posts two comments.',
  errorGuide: {
    upstream_not_found: NOT_FOUND,
    upstream_invalid_request: INVALID,
    upstream_forbidden: FORBIDDEN,
    upstream_rate_limited: RATE_LIMITED,
    needs_reauth: REAUTH,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['comments:create'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['issueId', 'body'],
    properties: {
      issueId: issueRefParam,
      body: { type: 'string', minLength: 1, maxLength: 100_000, description: 'The comment in Markdown.', examples: ['Fixed in #482, deploying today.'] },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      success: { const: true },
      comment: {
        type: 'object',
        properties: { id: { type: 'string' }, body: { type: 'string' }, url: { type: 'string' }, createdAt: { type: 'string' } },
        required: ['id', 'body'],
      },
    },
    required: ['success', 'comment'],
  },
  http: {
    method: 'POST',
    path: '/graphql',
    body: graphqlBody('mutation CommentCreate($input: CommentCreateInput!) { commentCreate(input: $input) { success comment { id body url createdAt } } }', {
      input: { issueId: { $input: 'issueId' }, body: { $input: 'body' } },
    }),
    response: { resultPath: 'data.commentCreate' },
  },
  provenance: { docsUrl: LINEAR_DOCS.graphql, operationId: 'commentCreate' },
  sourceFile: __filename,
});
