import { defineAction } from '../../../definition/define';
import { ownerParam, repoParam } from '../github.schemas';

export const createPullRequest = defineAction({
  id: 'github.create_pull_request',
  version: '1.0.0',
  title: 'Open a GitHub pull request',
  description: 'Opens a pull request from one branch into another (POST /repos/{owner}/{repo}/pulls).',
  usage:
    'Use when a branch with commits is ready for review. `head` is the branch with the changes, `base` the branch to merge into. For a branch in a fork use `fork-owner:branch`.',
  errorGuide: {
    upstream_invalid_request: 'Validation Failed: the head or base branch does not exist, or there are no commits between them.',
    upstream_conflict: 'A pull request for this head and base already exists.',
    upstream_not_found: 'The repository does not exist or the token cannot see it.',
    upstream_rate_limited: 'Secondary limit on content creation; wait retryAfterMs.',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['repo'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['owner', 'repo', 'title', 'head', 'base'],
    properties: {
      owner: ownerParam,
      repo: repoParam,
      title: { type: 'string', minLength: 1, maxLength: 256, description: 'Pull request title.', examples: ['Add retry to uploads'] },
      head: { type: 'string', minLength: 1, description: 'Branch with the changes (or `owner:branch` for forks).', examples: ['feature/retry-uploads'] },
      base: { type: 'string', minLength: 1, description: 'Branch to merge into.', examples: ['main'] },
      body: { type: 'string', maxLength: 65536, description: 'Description in GitHub Markdown.', examples: ['Closes #42.'] },
      draft: { type: 'boolean', description: 'Open as a draft. Default false.', examples: [false] },
      maintainer_can_modify: { type: 'boolean', description: 'Let maintainers push to the head branch. Default true for forks.', examples: [true] },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      number: { type: 'integer' },
      state: { type: 'string' },
      title: { type: 'string' },
      html_url: { type: 'string' },
      draft: { type: 'boolean' },
      head: { type: 'object' },
      base: { type: 'object' },
      merged: { type: 'boolean' },
    },
    required: ['id', 'number', 'state'],
  },
  http: {
    method: 'POST',
    path: '/repos/{owner}/{repo}/pulls',
    body: {
      encoding: 'json',
      value: {
        title: { $input: 'title' },
        head: { $input: 'head' },
        base: { $input: 'base' },
        body: { $input: 'body' },
        draft: { $input: 'draft' },
        maintainer_can_modify: { $input: 'maintainer_can_modify' },
      },
    },
  },
  provenance: { docsUrl: 'https://docs.github.com/en/rest/pulls/pulls#create-a-pull-request', operationId: 'pulls/create' },
  sourceFile: __filename,
});
