import { defineAction } from '../../../definition/define';
import { cursorParam, mergeRequest, perPageParam, PROJECT_NOT_FOUND, projectParam, RATE_LIMITED } from '../gitlab.schemas';

export const listMergeRequests = defineAction({
  id: 'gitlab.list_merge_requests',
  version: '1.0.0',
  title: 'List GitLab merge requests of a project',
  description: "Lists a project's merge requests (GET /projects/:id/merge_requests), newest first, by state and branch.",
  usage: 'Use to see what is under review or whether a branch already has an open merge request before opening one.',
  errorGuide: { upstream_not_found: PROJECT_NOT_FOUND, upstream_rate_limited: RATE_LIMITED, invalid_input: 'The cursor did not come from this action.' },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read_api'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['project'],
    properties: {
      project: projectParam,
      state: { enum: ['opened', 'closed', 'locked', 'merged', 'all'], description: 'Which merge requests; all when omitted.', examples: ['opened'] },
      source_branch: { type: 'string', minLength: 1, description: 'Only merge requests from this branch.', examples: ['feature/retry-uploads'] },
      target_branch: { type: 'string', minLength: 1, description: 'Only merge requests into this branch.', examples: ['main'] },
      per_page: perPageParam,
      cursor: cursorParam,
    },
  },
  outputSchema: { type: 'object', properties: { merge_requests: { type: 'array', items: mergeRequest } }, required: ['merge_requests'] },
  http: {
    method: 'GET',
    path: '/projects/{project}/merge_requests',
    query: {
      state: { $input: 'state' },
      source_branch: { $input: 'source_branch' },
      target_branch: { $input: 'target_branch' },
      per_page: { $input: 'per_page' },
    },
    response: { wrapArrayAs: 'merge_requests' },
  },
  pagination: { style: 'link_header', cursorInput: 'cursor' },
  provenance: { docsUrl: 'https://docs.gitlab.com/api/merge_requests/#list-project-merge-requests' },
  sourceFile: __filename,
});
