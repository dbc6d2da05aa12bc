import { defineAction } from '../../../definition/define';
import { gidParam, NOT_FOUND, RATE_LIMITED, task } from '../asana.schemas';

export const createTask = defineAction({
  id: 'asana.create_task',
  version: '1.0.0',
  title: 'Create an Asana task in a project',
  description: 'Creates a task in a project (POST /tasks) with a name, notes, an assignee and a due date. Assignees and followers are notified.',
  usage:
    'Use to add a to-do to a project. Find the project gid with asana.list_projects. Comment on an existing task with asana.add_comment instead of duplicating it.',
  errorGuide: {
    upstream_invalid_request: 'A field is invalid, e.g. a malformed due_on date or an unknown assignee; the message names it.',
    upstream_not_found: NOT_FOUND,
    upstream_forbidden: 'The user may not add tasks to this project.',
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['tasks:write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['project', 'name'],
    properties: {
      project: gidParam('project', '1200000000000001'),
      name: { type: 'string', minLength: 1, description: 'Task name.', examples: ['Draft the Q3 launch email'] },
      notes: { type: 'string', description: 'Plain-text description.', examples: ['Audience: existing customers.'] },
      assignee: { type: 'string', minLength: 1, description: 'User gid, email, or `me`.', examples: ['me'] },
      due_on: { type: 'string', format: 'date', description: 'Due date (YYYY-MM-DD).', examples: ['2026-02-01'] },
    },
  },
  outputSchema: { type: 'object', properties: { data: task }, required: ['data'] },
  http: {
    method: 'POST',
    path: '/tasks',
    body: {
      encoding: 'json',
      value: {
        data: {
          name: { $input: 'name' },
          notes: { $input: 'notes' },
          assignee: { $input: 'assignee' },
          due_on: { $input: 'due_on' },
          projects: [{ $input: 'project' }],
        },
      },
    },
  },
  provenance: { docsUrl: 'https://developers.asana.com/reference/createtask', operationId: 'createTask' },
  sourceFile: __filename,
});
