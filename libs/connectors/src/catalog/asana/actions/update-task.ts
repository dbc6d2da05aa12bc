import { defineAction } from '../../../definition/define';
import { gidParam, NOT_FOUND, RATE_LIMITED, task } from '../asana.schemas';

export const updateTask = defineAction({
  id: 'asana.update_task',
  version: '1.0.0',
  title: 'Complete or edit an Asana task',
  description:
    'Changes a task (PUT /tasks/{task_gid}): mark it complete or incomplete, rename it, replace its notes, reassign it or move its due date. Fields you leave out keep their values.',
  usage: 'Use to close a task that is done or to update its details. Explain a change to the team with asana.add_comment.',
  errorGuide: {
    upstream_not_found: NOT_FOUND,
    upstream_invalid_request: 'A value is invalid; the message names the field.',
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  scopes: ['tasks:write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['task_gid'],
    properties: {
      task_gid: gidParam('task', '1200000000000101'),
      completed: { type: 'boolean', description: 'Mark complete (true) or incomplete (false).', examples: [true] },
      name: { type: 'string', minLength: 1, description: 'New name.', examples: ['Draft the Q3 launch email (v2)'] },
      notes: { type: 'string', description: 'New description (replaces the old one).', examples: ['Moved to the marketing calendar.'] },
      assignee: { type: 'string', minLength: 1, description: 'User gid, email, or `me`.', examples: ['me'] },
      due_on: { type: 'string', format: 'date', description: 'New due date (YYYY-MM-DD).', examples: ['2026-02-08'] },
    },
  },
  outputSchema: { type: 'object', properties: { data: task }, required: ['data'] },
  http: {
    method: 'PUT',
    path: '/tasks/{task_gid}',
    body: {
      encoding: 'json',
      value: {
        data: {
          completed: { $input: 'completed' },
          name: { $input: 'name' },
          notes: { $input: 'notes' },
          assignee: { $input: 'assignee' },
          due_on: { $input: 'due_on' },
        },
      },
    },
  },
  provenance: { docsUrl: 'https://developers.asana.com/reference/updatetask', operationId: 'updateTask' },
  sourceFile: __filename,
});
