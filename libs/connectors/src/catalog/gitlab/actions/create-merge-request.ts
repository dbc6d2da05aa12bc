import { defineAction } from '../../../definition/define';
import { mergeRequest, PROJECT_NOT_FOUND, projectParam, RATE_LIMITED } from '../gitlab.schemas';

export const createMergeRequest = defineAction({
  id: 'gitlab.create_merge_request',
  version: '1.0.0',
  title: 'Open a GitLab merge request',
  description: 'Opens a merge request from a source branch into a target branch of the same project (POST /projects/:id/merge_requests).',
  usage: 'Use after pushing a branch. Only one open merge request per source branch is allowed; check gitlab.list_merge_requests first.',
  errorGuide: {
    upstream_conflict: 'An open merge request for this source branch already exists; the message names it (!iid).',
    upstream_not_found: PROJECT_NOT_FOUND,
    upstream_invalid_request: 'A branch does not exist or a required field is missing.',
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['api'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['project', 'source_branch', 'target_branch', 'title'],
    properties: {
      project: projectParam,
      source_branch: { type: 'string', minLength: 1, description: 'The branch with the changes.', examples: ['feature/retry-uploads'] },
      target_branch: { type: 'string', minLength: 1, description: 'The branch to merge into.', examples: ['main'] },
      title: { type: 'string', minLength: 1, maxLength: 255, description: 'Title; prefix with `Draft:` for a draft.', examples: ['Retry uploads on 5xx'] },
      description: { type: 'string', description: 'Markdown description.', examples: ['Closes #12'] },
      remove_source_branch: { type: 'boolean', description: 'Delete the source branch once merged.', examples: [true] },
    },
  },
  outputSchema: mergeRequest,
  http: {
    method: 'POST',
    path: '/projects/{project}/merge_requests',
    body: {
      encoding: 'json',
      value: {
        source_branch: { $input: 'source_branch' },
        target_branch: { $input: 'target_branch' },
        title: { $input: 'title' },
        description: { $input: 'description' },
        remove_source_branch: { $input: 'remove_source_branch' },
      },
    },
  },
  provenance: { docsUrl: 'https://docs.gitlab.com/api/merge_requests/#create-mr' },
  sourceFile: __filename,
});
