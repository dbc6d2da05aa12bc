import { defineAction } from '../../../definition/define';
import { channelParam, messageTsParam } from '../slack.schemas';

export const addReaction = defineAction({
  id: 'slack.add_reaction',
  version: '1.0.0',
  title: 'Add an emoji reaction',
  description: 'Adds an emoji reaction from the app to a message (reactions.add).',
  usage: 'Use to acknowledge a message lightly (:eyes: seen, :white_check_mark: done) instead of replying.',
  errorGuide: {
    upstream_conflict: 'The app already reacted with this emoji (`already_reacted`); treat as done.',
    upstream_not_found: 'The channel or message does not exist; check channel and timestamp.',
    upstream_invalid_request: 'The emoji name is unknown (`invalid_name`) or the message cannot take reactions.',
    upstream_forbidden: 'The connection lacks reactions:write or the app is not in the channel.',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['reactions:write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['channel', 'timestamp', 'name'],
    properties: {
      channel: channelParam,
      timestamp: messageTsParam('the message to react to (Slack calls it `timestamp` here, not `ts`)'),
      name: {
        type: 'string',
        pattern: "^[a-z0-9_+'-]+$",
        description: 'Emoji name without colons.',
        examples: ['white_check_mark'],
      },
    },
  },
  outputSchema: { type: 'object', properties: { ok: { const: true } }, required: ['ok'] },
  http: {
    method: 'POST',
    path: '/reactions.add',
    body: {
      encoding: 'json',
      value: { channel: { $input: 'channel' }, timestamp: { $input: 'timestamp' }, name: { $input: 'name' } },
    },
  },
  provenance: { docsUrl: 'https://docs.slack.dev/reference/methods/reactions.add' },
  sourceFile: __filename,
});
