import { defineAction } from '../../../definition/define';
import { adfDocument, issueKeyParam } from '../jira.schemas';

export const addComment = defineAction({
  id: 'jira.add_comment',
  version: '1.0.0',
  title: 'Comment on a Jira issue',
  description: 'Adds a comment to an issue (POST /rest/api/3/issue/{issueIdOrKey}/comment). The text is converted to Atlassian Document Format.',
  usage: 'Use to report progress or ask a question on an issue.',
  errorGuide: {
    upstream_not_found: 'No such issue, or the user may not see it.',
    upstream_invalid_request: 'Jira rejected the comment body.',
    upstream_rate_limited: 'Too many writes to this issue or endpoint; wait retryAfterMs.',
    needs_reauth: 'The Atlassian connection must be refreshed or reconnected.',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['write:jira-work'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['issueIdOrKey', 'body'],
    properties: {
      issueIdOrKey: issueKeyParam,
      body: {
        type: 'string',
        minLength: 1,
        maxLength: 32000,
        description: 'Plain-text comment; blank lines separate paragraphs.',
        examples: ['Root cause found, fix in review.'],
      },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      self: { type: 'string' },
      author: { type: 'object' },
      body: adfDocument,
      created: { type: 'string' },
    },
    required: ['id', 'body'],
  },
  http: {
    method: 'POST',
    path: '/rest/api/3/issue/{issueIdOrKey}/comment',
    body: { encoding: 'json', value: { body: { $input: 'body', transform: 'adf_from_text' } } },
  },
  provenance: {
    docsUrl: 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-post',
    operationId: 'addComment',
  },
  sourceFile: __filename,
});
