import { defineAction } from '../../../definition/define';
import { ownerParam, repoParam } from '../github.schemas';

export const createIssueComment = defineAction({
  id: 'github.create_issue_comment',
  version: '1.0.0',
  title: 'Comment on a GitHub issue or pull request',
  description: 'Adds a comment to an issue or pull request (POST /repos/{owner}/{repo}/issues/{issue_number}/comments).',
  usage: 'Use to answer on an issue or leave a note on a pull request (pull requests share issue numbers).',
  errorGuide: {
    upstream_not_found: 'No issue or pull request with this number, or the repository is not visible.',
    upstream_invalid_request: 'The body is empty or too long.',
    upstream_rate_limited: 'Secondary limit on content creation; wait retryAfterMs.',
    needs_reauth: 'Bad or expired credentials.',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['repo'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['owner', 'repo', 'issue_number', 'body'],
    properties: {
      owner: ownerParam,
      repo: repoParam,
      issue_number: { type: 'integer', minimum: 1, description: 'Number of the issue or pull request.', examples: [42] },
      body: { type: 'string', minLength: 1, maxLength: 65536, description: 'Comment text in GitHub Markdown.', examples: ['Fixed in #43.'] },
    },
  },
  outputSchema: {
    type: 'object',
    properties: { id: { type: 'integer' }, body: { type: 'string' }, html_url: { type: 'string' }, created_at: { type: 'string' } },
    required: ['id', 'body'],
  },
  http: {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    body: { encoding: 'json', value: { body: { $input: 'body' } } },
  },
  provenance: { docsUrl: 'https://docs.github.com/en/rest/issues/comments#create-an-issue-comment', operationId: 'issues/create-comment' },
  sourceFile: __filename,
});
