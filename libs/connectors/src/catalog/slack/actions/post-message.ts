import { defineAction } from '../../../definition/define';
import { channelParam, postResult } from '../slack.schemas';

export const postMessage = defineAction({
  id: 'slack.post_message',
  version: '1.0.0',
  title: 'Post a Slack message',
  description: 'Posts a new top-level message to a Slack channel as the connected app and returns its `ts`, the ID of the message.',
  usage:
    'Use to announce or report something in a channel. To answer inside an existing conversation use slack.reply_in_thread instead. Slack allows about one message per second per channel; bursts are refused with upstream_rate_limited.',
  errorGuide: {
    upstream_not_found: 'The channel ID does not exist (Slack `channel_not_found`); look it up with slack.list_channels.',
    upstream_forbidden: 'The app is not in the channel (`not_in_channel`), the channel is archived, or a scope is missing; ask a human to invite the app.',
    upstream_invalid_request: 'The message was rejected (for example `no_text` or `invalid_blocks`); fix the arguments, do not retry unchanged.',
    upstream_rate_limited: 'Too many messages; wait retryAfterMs before posting to this channel again.',
    needs_reauth: 'The Slack connection must be re-authorised by a human.',
  },
  sideEffect: 'write',
  costUnits: 1,
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['chat:write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['channel', 'text'],
    properties: {
      channel: channelParam,
      text: {
        type: 'string',
        minLength: 1,
        maxLength: 40000,
        description: 'Message text in Slack mrkdwn (*bold*, _italic_, <https://example.com|links>). Also the notification fallback when blocks are given.',
        examples: ['Deploy of *api* finished :white_check_mark:'],
      },
      blocks: {
        type: 'array',
        maxItems: 50,
        items: { type: 'object' },
        description: 'Optional Block Kit layout blocks; `text` is still required as the fallback.',
        examples: [[{ type: 'section', text: { type: 'mrkdwn', text: '*Deploy finished*' } }]],
      },
      unfurl_links: {
        type: 'boolean',
        description: 'Whether Slack should expand previews of links in the text. Default true for bot messages with text.',
        examples: [false],
      },
    },
  },
  outputSchema: postResult,
  http: {
    method: 'POST',
    path: '/chat.postMessage',
    body: {
      encoding: 'json',
      value: {
        channel: { $input: 'channel' },
        text: { $input: 'text' },
        blocks: { $input: 'blocks' },
        unfurl_links: { $input: 'unfurl_links' },
      },
    },
  },
  provenance: { docsUrl: 'https://docs.slack.dev/reference/methods/chat.postMessage' },
  sourceFile: __filename,
});
