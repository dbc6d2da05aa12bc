import type { JsonSchema } from '../../definition/action';

/** Parameter and result fragments several Slack actions share. */

export const channelParam: JsonSchema = {
  type: 'string',
  minLength: 1,
  description: 'Channel ID (C…, G… or D…), as returned by slack.list_channels. Prefer the ID; a #name also works for posting.',
  examples: ['C0123456789'],
};

export const messageTsParam = (what: string): JsonSchema => ({
  type: 'string',
  pattern: '^\\d+\\.\\d+$',
  description: `Timestamp ID of ${what}, exactly as Slack returned it in \`ts\` (a string such as "1712345678.000100").`,
  examples: ['1712345678.000100'],
});

export const slackMessage: JsonSchema = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    subtype: { type: 'string' },
    user: { type: 'string' },
    bot_id: { type: 'string' },
    text: { type: 'string' },
    ts: { type: 'string' },
    thread_ts: { type: 'string' },
    reply_count: { type: 'integer' },
  },
  required: ['ts'],
};

export const postResult: JsonSchema = {
  type: 'object',
  properties: {
    ok: { const: true },
    channel: { type: 'string', description: 'Channel ID the message went to.' },
    ts: { type: 'string', description: 'Timestamp ID of the new message; use it to reply, react or delete.' },
    message: slackMessage,
  },
  required: ['ok', 'channel', 'ts'],
};

export const cursorParam: JsonSchema = {
  type: 'string',
  description: 'Opaque nextCursor from the previous page of this same action. Omit for the first page.',
  examples: ['eyJhIjoic2xhY2subGlzdF9jaGFubmVscyJ9'],
};
