import { defineAction } from '../../../definition/define';
import { filePathParam, ownerParam, repoParam } from '../github.schemas';

export const getFileContents = defineAction({
  id: 'github.get_file_contents',
  version: '1.0.0',
  title: 'Read a file (or list a directory) in a GitHub repository',
  description: 'Returns a file with its base64 `content` and blob `sha`, or, for a directory, its `entries` (GET /repos/{owner}/{repo}/contents/{path}).',
  usage: 'Use to read source or docs. Decode `content` from base64 (it contains line breaks). Keep `sha`: deleting or replacing the file needs it.',
  errorGuide: {
    upstream_not_found: 'No such file at this ref, or the repository is not visible.',
    upstream_forbidden: 'The file is too large for this endpoint, or access is blocked.',
    needs_reauth: 'Bad or expired credentials.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['repo'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['owner', 'repo', 'path'],
    properties: {
      owner: ownerParam,
      repo: repoParam,
      path: filePathParam,
      ref: { type: 'string', minLength: 1, description: 'Branch, tag or commit SHA; the default branch when omitted.', examples: ['main'] },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      type: { enum: ['file', 'dir', 'symlink', 'submodule'] },
      name: { type: 'string' },
      path: { type: 'string' },
      sha: { type: 'string' },
      size: { type: 'integer' },
      encoding: { type: 'string' },
      content: { type: 'string' },
      entries: {
        type: 'array',
        items: { type: 'object', properties: { type: { type: 'string' }, name: { type: 'string' }, path: { type: 'string' }, sha: { type: 'string' } } },
      },
    },
  },
  http: {
    method: 'GET',
    path: '/repos/{owner}/{repo}/contents/{+path}',
    query: { ref: { $input: 'ref' } },
    response: { wrapArrayAs: 'entries' },
  },
  provenance: { docsUrl: 'https://docs.github.com/en/rest/repos/contents#get-repository-content', operationId: 'repos/get-content' },
  sourceFile: __filename,
});
