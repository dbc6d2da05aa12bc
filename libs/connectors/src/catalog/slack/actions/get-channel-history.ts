import { defineAction } from '../../../definition/define';
import { channelParam, cursorParam, slackMessage } from '../slack.schemas';

export const getChannelHistory = defineAction({
  id: 'slack.get_channel_history',
  version: '1.0.0',
  title: "Read a Slack channel's recent messages",
  description: 'Returns messages of a channel, newest first (conversations.history), one page per call.',
  usage:
    'Use to read what was said in a channel, optionally between two timestamps. Pass the returned nextCursor back as `cursor` for older messages; stop when there is no nextCursor. Slack may return fewer than `limit` messages even when more exist.',
  errorGuide: {
    upstream_not_found: 'The channel does not exist; find the ID with slack.list_channels.',
    upstream_forbidden: 'The app is not a member of the channel (`not_in_channel`) or lacks a history scope.',
    upstream_invalid_request: 'A cursor or timestamp was invalid; restart without cursor.',
    upstream_rate_limited: 'conversations.history is heavily limited; wait retryAfterMs.',
    invalid_input: 'The cursor did not come from this action; pass nextCursor unchanged.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['channels:history', 'groups:history'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['channel'],
    properties: {
      channel: channelParam,
      limit: {
        type: 'integer',
        minimum: 1,
        maximum: 999,
        default: 100,
        description: 'Most messages to return in this page (default 100).',
        examples: [50],
      },
      oldest: {
        type: 'string',
        pattern: '^\\d+(\\.\\d+)?$',
        description: 'Only messages after this Unix timestamp (seconds, may have decimals).',
        examples: ['1712300000'],
      },
      latest: {
        type: 'string',
        pattern: '^\\d+(\\.\\d+)?$',
        description: 'Only messages before this Unix timestamp. Default: now.',
        examples: ['1712399999.000000'],
      },
      cursor: cursorParam,
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      ok: { const: true },
      messages: { type: 'array', items: slackMessage },
      has_more: { type: 'boolean' },
    },
    required: ['ok', 'messages'],
  },
  http: {
    method: 'GET',
    path: '/conversations.history',
    query: {
      channel: { $input: 'channel' },
      limit: { $input: 'limit' },
      oldest: { $input: 'oldest' },
      latest: { $input: 'latest' },
    },
  },
  pagination: {
    style: 'cursor',
    cursorInput: 'cursor',
    request: { name: 'cursor', in: 'query' },
    nextCursorPath: 'response_metadata.next_cursor',
  },
  provenance: { docsUrl: 'https://docs.slack.dev/reference/methods/conversations.history' },
  sourceFile: __filename,
});
