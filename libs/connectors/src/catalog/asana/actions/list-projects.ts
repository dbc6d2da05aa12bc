import { defineAction } from '../../../definition/define';
import { ASANA_PAGING, compactList, cursorParam, gidParam, limitParam, RATE_LIMITED, REAUTH } from '../asana.schemas';

export const listProjects = defineAction({
  id: 'asana.list_projects',
  version: '1.0.0',
  title: 'List Asana projects of a workspace',
  description: 'Lists the projects of a workspace the user can see (GET /projects?workspace=…), compact records (gid and name), one page at a time.',
  usage: 'Start here to find the project gid that asana.list_tasks and asana.create_task need.',
  errorGuide: {
    upstream_invalid_request: 'The workspace gid is malformed.',
    upstream_rate_limited: RATE_LIMITED,
    needs_reauth: REAUTH,
    invalid_input: 'The cursor did not come from this action.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['projects:read'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['workspace'],
    properties: {
      workspace: gidParam('workspace', '1331'),
      archived: { type: 'boolean', description: 'Only archived (true) or only live (false) projects.', examples: [false] },
      limit: limitParam,
      cursor: cursorParam,
    },
  },
  outputSchema: compactList,
  http: { method: 'GET', path: '/projects', query: { workspace: { $input: 'workspace' }, archived: { $input: 'archived' }, limit: { $input: 'limit' } } },
  pagination: ASANA_PAGING,
  provenance: { docsUrl: 'https://developers.asana.com/reference/getprojects', operationId: 'getProjects' },
  sourceFile: __filename,
});
