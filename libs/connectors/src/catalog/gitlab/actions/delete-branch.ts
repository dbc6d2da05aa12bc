import { defineAction } from '../../../definition/define';
import { projectParam, RATE_LIMITED } from '../gitlab.schemas';

export const deleteBranch = defineAction({
  id: 'gitlab.delete_branch',
  version: '1.0.0',
  title: 'Delete a GitLab branch',
  description:
    "Deletes a branch of a project's repository (DELETE /projects/:id/repository/branches/:branch). Commits reachable only from it can no longer be found by name.",
  usage: 'Only when asked to remove a branch, typically after its merge request was merged. Protected and default branches cannot be deleted this way.',
  errorGuide: {
    upstream_not_found: 'No such branch (or project visible to the token); list merge requests to find the branch name.',
    upstream_invalid_request:
      'GitLab refused with 405: the branch is the default (HEAD) branch or protected ("Protected branch cant be removed"), or the token may not push. Do not retry.',
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'destructive',
  hints: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
  scopes: ['api'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['project', 'branch'],
    properties: {
      project: projectParam,
      branch: { type: 'string', minLength: 1, description: 'The branch name (slashes allowed).', examples: ['feature/retry-uploads'] },
    },
  },
  outputSchema: { type: 'object', properties: { deleted: { type: 'boolean' }, branch: { type: 'string' } }, required: ['deleted'] },
  http: {
    method: 'DELETE',
    path: '/projects/{project}/repository/branches/{branch}',
    response: { onNoContent: { deleted: true, branch: { $input: 'branch' } } },
  },
  provenance: { docsUrl: 'https://docs.gitlab.com/api/branches/#delete-repository-branch' },
  sourceFile: __filename,
});
