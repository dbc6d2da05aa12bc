import { defineAction } from '../../../definition/define';
import { channelParam, messageTsParam } from '../slack.schemas';

export const deleteMessage = defineAction({
  id: 'slack.delete_message',
  version: '1.0.0',
  title: 'Delete a Slack message',
  description: 'Permanently deletes a message the app posted (chat.delete). It cannot be restored.',
  usage: 'Use only to remove a message the app itself sent by mistake. Irreversible: a human may have to approve it.',
  errorGuide: {
    upstream_not_found: 'The message or channel does not exist (already deleted?); nothing to do.',
    upstream_invalid_request: 'Slack refused (`cant_delete_message`): the app may only delete its own messages.',
    upstream_forbidden: 'The connection lacks chat:write.',
  },
  sideEffect: 'destructive',
  costUnits: 2,
  hints: { readOnly: false, destructive: true, idempotent: true, openWorld: true },
  scopes: ['chat:write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['channel', 'ts'],
    properties: {
      channel: channelParam,
      ts: messageTsParam('the message to delete'),
    },
  },
  outputSchema: {
    type: 'object',
    properties: { ok: { const: true }, channel: { type: 'string' }, ts: { type: 'string' } },
    required: ['ok', 'channel', 'ts'],
  },
  http: {
    method: 'POST',
    path: '/chat.delete',
    body: { encoding: 'json', value: { channel: { $input: 'channel' }, ts: { $input: 'ts' } } },
  },
  provenance: { docsUrl: 'https://docs.slack.dev/reference/methods/chat.delete' },
  sourceFile: __filename,
});
