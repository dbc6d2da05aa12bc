import { defineAction } from '../../../definition/define';
import { gidParam, NOT_FOUND, RATE_LIMITED } from '../asana.schemas';

export const addComment = defineAction({
  id: 'asana.add_comment',
  version: '1.0.0',
  title: 'Comment on an Asana task',
  description: 'Adds a comment to a task (POST /tasks/{task_gid}/stories); followers of the task are notified.',
  usage: 'Use to report progress or ask a question on a task. To change the task itself use asana.update_task.',
  errorGuide: { upstream_not_found: NOT_FOUND, upstream_invalid_request: 'The text is missing.', upstream_rate_limited: RATE_LIMITED },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['stories:write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['task_gid', 'text'],
    properties: {
      task_gid: gidParam('task', '1200000000000101'),
      text: { type: 'string', minLength: 1, description: 'The comment (plain text).', examples: ['First draft is in the shared folder.'] },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      data: {
        type: 'object',
        properties: { gid: { type: 'string' }, resource_subtype: { type: 'string' }, text: { type: 'string' }, created_at: { type: 'string' } },
        required: ['gid'],
      },
    },
    required: ['data'],
  },
  http: { method: 'POST', path: '/tasks/{task_gid}/stories', body: { encoding: 'json', value: { data: { text: { $input: 'text' } } } } },
  provenance: { docsUrl: 'https://developers.asana.com/reference/createstoryfortask', operationId: 'createStoryForTask' },
  sourceFile: __filename,
});
