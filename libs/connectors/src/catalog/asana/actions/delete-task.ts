import { defineAction } from '../../../definition/define';
import { gidParam, NOT_FOUND, RATE_LIMITED } from '../asana.schemas';

export const deleteTask = defineAction({
  id: 'asana.delete_task',
  version: '1.0.0',
  title: 'Delete an Asana task',
  description: "Deletes a task (DELETE /tasks/{task_gid}). It goes to the user's trash, where it can be restored for 30 days; after that it is gone.",
  usage: 'Only when asked to delete a task. To finish one, mark it complete with asana.update_task instead.',
  errorGuide: { upstream_not_found: NOT_FOUND, upstream_forbidden: 'The user may not delete this task.', upstream_rate_limited: RATE_LIMITED },
  sideEffect: 'destructive',
  hints: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
  scopes: ['tasks:delete'],
  inputSchema: { type: 'object', additionalProperties: false, required: ['task_gid'], properties: { task_gid: gidParam('task', '1200000000000101') } },
  outputSchema: { type: 'object', properties: { data: { type: 'object' } }, required: ['data'] },
  http: { method: 'DELETE', path: '/tasks/{task_gid}' },
  provenance: { docsUrl: 'https://developers.asana.com/reference/deletetask', operationId: 'deleteTask' },
  sourceFile: __filename,
});
