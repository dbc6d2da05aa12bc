import { defineAction } from '../../../definition/define';
import { ASANA_PAGING, compactList, cursorParam, gidParam, limitParam, NOT_FOUND, optFieldsParam, RATE_LIMITED, REAUTH } from '../asana.schemas';

export const listTasks = defineAction({
  id: 'asana.list_tasks',
  version: '1.0.0',
  title: 'List the tasks of an Asana project',
  description:
    'Lists the tasks of a project (GET /tasks?project=…), compact unless opt_fields names more, one page at a time. completed_since=now keeps only incomplete tasks.',
  usage: "Use to see a project's work. Pass opt_fields for names, due dates or assignees; read one task in full with asana.get_task.",
  errorGuide: {
    upstream_not_found: NOT_FOUND,
    upstream_invalid_request: 'A parameter is malformed (the message names it).',
    upstream_rate_limited: RATE_LIMITED,
    needs_reauth: REAUTH,
    invalid_input: 'The cursor did not come from this action.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['tasks:read'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['project'],
    properties: {
      project: gidParam('project', '1200000000000001'),
      completed_since: {
        type: 'string',
        description: '`now` for incomplete tasks only, or an ISO 8601 time: tasks incomplete or completed since then.',
        examples: ['now'],
      },
      opt_fields: optFieldsParam,
      limit: limitParam,
      cursor: cursorParam,
    },
  },
  outputSchema: compactList,
  http: {
    method: 'GET',
    path: '/tasks',
    query: { project: { $input: 'project' }, completed_since: { $input: 'completed_since' }, opt_fields: { $input: 'opt_fields' }, limit: { $input: 'limit' } },
  },
  pagination: ASANA_PAGING,
  provenance: { docsUrl: 'https://developers.asana.com/reference/gettasks', operationId: 'getTasks' },
  sourceFile: __filename,
});
