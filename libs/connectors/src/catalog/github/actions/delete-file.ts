import { defineAction } from '../../../definition/define';
import { commitResult, filePathParam, ownerParam, repoParam } from '../github.schemas';

export const deleteFile = defineAction({
  id: 'github.delete_file',
  version: '1.0.0',
  title: 'Delete a file in a GitHub repository',
  description: "Deletes a file by committing its removal to a branch (DELETE /repos/{owner}/{repo}/contents/{path}). Needs the file's current blob sha.",
  usage:
    'Only when asked to remove a file. Get `sha` from github.get_file_contents right before. The commit lands directly on the branch; treat it as irreversible.',
  errorGuide: {
    upstream_conflict: 'The sha is stale: the file changed since you read it. Read it again before deciding.',
    upstream_not_found: 'No such file or branch, or the repository is not visible.',
    upstream_invalid_request: 'message or sha missing, or the branch is protected.',
  },
  sideEffect: 'destructive',
  hints: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
  scopes: ['repo'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['owner', 'repo', 'path', 'message', 'sha'],
    properties: {
      owner: ownerParam,
      repo: repoParam,
      path: filePathParam,
      message: { type: 'string', minLength: 1, description: 'Commit message.', examples: ['Remove obsolete config'] },
      sha: {
        type: 'string',
        pattern: '^[0-9a-f]{40}$',
        description: 'Blob SHA of the file being deleted, from github.get_file_contents.',
        examples: ['3d21ec53a331a6f037a91c368710b99387d012c1'],
      },
      branch: { type: 'string', minLength: 1, description: 'Branch to commit to; the default branch when omitted.', examples: ['main'] },
    },
  },
  outputSchema: {
    type: 'object',
    properties: { content: { type: 'null' }, commit: commitResult },
    required: ['commit'],
  },
  http: {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/contents/{+path}',
    body: { encoding: 'json', value: { message: { $input: 'message' }, sha: { $input: 'sha' }, branch: { $input: 'branch' } } },
  },
  provenance: { docsUrl: 'https://docs.github.com/en/rest/repos/contents#delete-a-file', operationId: 'repos/delete-file' },
  sourceFile: __filename,
});
