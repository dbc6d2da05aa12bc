import { defineAction } from '../../../definition/define';
import { channelParam, messageTsParam, postResult } from '../slack.schemas';

export const replyInThread = defineAction({
  id: 'slack.reply_in_thread',
  version: '1.0.0',
  title: 'Reply in a Slack thread',
  description: 'Posts a reply inside the thread of an existing Slack message (chat.postMessage with `thread_ts`).',
  usage:
    "Use to answer a specific message without cluttering the channel. `thread_ts` must be the ts of the thread's parent message, not of another reply. Set reply_broadcast only when the whole channel must see the reply.",
  errorGuide: {
    upstream_not_found: 'The channel does not exist; check the channel ID.',
    upstream_forbidden: 'The app is not in the channel or lacks chat:write; a human must invite it.',
    upstream_invalid_request: 'Slack refused the reply (e.g. `cannot_reply_to_message`); check thread_ts is the parent message.',
    upstream_rate_limited: 'Wait retryAfterMs, then retry once.',
    needs_reauth: 'The Slack connection must be re-authorised by a human.',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['chat:write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['channel', 'thread_ts', 'text'],
    properties: {
      channel: channelParam,
      thread_ts: messageTsParam('the parent message of the thread'),
      text: {
        type: 'string',
        minLength: 1,
        maxLength: 40000,
        description: 'Reply text in Slack mrkdwn.',
        examples: ['Fixed in <https://github.com/acme/api/pull/42|#42>.'],
      },
      reply_broadcast: {
        type: 'boolean',
        description: 'Also show the reply in the channel itself. Default false.',
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
        thread_ts: { $input: 'thread_ts' },
        text: { $input: 'text' },
        reply_broadcast: { $input: 'reply_broadcast' },
      },
    },
  },
  provenance: { docsUrl: 'https://docs.slack.dev/reference/methods/chat.postMessage' },
  sourceFile: __filename,
});
