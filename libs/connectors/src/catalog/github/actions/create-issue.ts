import { defineAction } from '../../../definition/define';
import { issue, ownerParam, repoParam } from '../github.schemas';

export const createIssue = defineAction({
  id: 'github.create_issue',
  version: '1.0.0',
  title: 'Open a GitHub issue',
  description: 'Opens an issue in a repository (POST /repos/{owner}/{repo}/issues) and returns it with its number.',
  usage:
    'Use to report a bug or track a task. Search with github.list_issues first to avoid duplicates. Labels and assignees are silently dropped when the user lacks push access.',
  errorGuide: {
    upstream_invalid_request: 'Validation Failed (422): a field is missing or invalid; `field` names it.',
    upstream_not_found: 'The repository does not exist or the token cannot see it.',
    upstream_rate_limited: 'Secondary limit on content creation; wait retryAfterMs (at least a minute) before creating more.',
    needs_reauth: 'Bad or expired credentials.',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['repo'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['owner', 'repo', 'title'],
    properties: {
      owner: ownerParam,
      repo: repoParam,
      title: { type: 'string', minLength: 1, maxLength: 256, description: 'Issue title.', examples: ['Crash when uploading files over 2 GB'] },
      body: { type: 'string', maxLength: 65536, description: 'Issue text in GitHub Markdown.', examples: ['Steps to reproduce:\n1. …'] },
      labels: { type: 'array', items: { type: 'string' }, description: 'Label names to apply.', examples: [['bug']] },
      assignees: { type: 'array', items: { type: 'string' }, maxItems: 10, description: 'Logins to assign.', examples: [['octocat']] },
      milestone: { type: 'integer', description: 'Milestone number.', examples: [3] },
    },
  },
  outputSchema: issue,
  http: {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues',
    body: {
      encoding: 'json',
      value: {
        title: { $input: 'title' },
        body: { $input: 'body' },
        labels: { $input: 'labels' },
        assignees: { $input: 'assignees' },
        milestone: { $input: 'milestone' },
      },
    },
  },
  provenance: { docsUrl: 'https://docs.github.com/en/rest/issues/issues#create-an-issue', operationId: 'issues/create' },
  sourceFile: __filename,
});
