import { defineAction } from '../../../definition/define';
import { cursorParam } from '../slack.schemas';

export const listChannels = defineAction({
  id: 'slack.list_channels',
  version: '1.0.0',
  title: 'List Slack channels',
  description: 'Lists channels in the workspace with their IDs, names and whether the app is a member (conversations.list), one page per call.',
  usage:
    'Use to turn a channel name into the channel ID other Slack actions need, or to find channels. Pass nextCursor back as `cursor` for more; a page may be short even when more remain.',
  errorGuide: {
    upstream_invalid_request: 'An argument such as `types` was invalid, or the cursor expired; restart without cursor.',
    upstream_rate_limited: 'Wait retryAfterMs, then continue with the same cursor.',
    upstream_forbidden: 'The connection lacks channels:read (or groups:read for private channels).',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['channels:read'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      types: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { enum: ['public_channel', 'private_channel', 'mpim', 'im'] },
        description: 'Kinds of conversation to include. Default: public channels only.',
        examples: [['public_channel', 'private_channel']],
      },
      exclude_archived: {
        type: 'boolean',
        description: 'Leave out archived channels. Default false.',
        examples: [true],
      },
      limit: {
        type: 'integer',
        minimum: 1,
        maximum: 999,
        default: 100,
        description: 'Most channels to return in this page (default 100).',
        examples: [200],
      },
      cursor: cursorParam,
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      ok: { const: true },
      channels: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            is_private: { type: 'boolean' },
            is_archived: { type: 'boolean' },
            is_member: { type: 'boolean' },
            num_members: { type: 'integer' },
          },
          required: ['id'],
        },
      },
    },
    required: ['ok', 'channels'],
  },
  http: {
    method: 'GET',
    path: '/conversations.list',
    query: {
      types: { $input: 'types' },
      exclude_archived: { $input: 'exclude_archived' },
      limit: { $input: 'limit' },
    },
  },
  pagination: {
    style: 'cursor',
    cursorInput: 'cursor',
    request: { name: 'cursor', in: 'query' },
    nextCursorPath: 'response_metadata.next_cursor',
  },
  provenance: { docsUrl: 'https://docs.slack.dev/reference/methods/conversations.list' },
  sourceFile: __filename,
});
