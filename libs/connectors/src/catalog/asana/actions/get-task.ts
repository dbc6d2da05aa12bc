import { defineAction } from '../../../definition/define';
import { gidParam, NOT_FOUND, optFieldsParam, RATE_LIMITED, task } from '../asana.schemas';

export const getTask = defineAction({
  id: 'asana.get_task',
  version: '1.0.0',
  title: 'Get an Asana task',
  description: 'Reads one task in full (GET /tasks/{task_gid}): name, notes, completion, due date, assignee, projects.',
  usage: 'Use when you have the task gid and need its details.',
  errorGuide: { upstream_not_found: NOT_FOUND, upstream_rate_limited: RATE_LIMITED },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['tasks:read'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['task_gid'],
    properties: { task_gid: gidParam('task', '1200000000000101'), opt_fields: optFieldsParam },
  },
  outputSchema: { type: 'object', properties: { data: task }, required: ['data'] },
  http: { method: 'GET', path: '/tasks/{task_gid}', query: { opt_fields: { $input: 'opt_fields' } } },
  provenance: { docsUrl: 'https://developers.asana.com/reference/gettask', operationId: 'getTask' },
  sourceFile: __filename,
});
