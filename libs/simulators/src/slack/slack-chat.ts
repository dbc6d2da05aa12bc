import { fail, isOutcome, messageView, requireChannel, type MethodSpec, type SlackState } from './slack-methods';
import { SIM_BOT, type SlackMessage } from './slack-workspace';

/** chat.postMessage (threads, blocks) and chat.delete (own messages only). */
export function chatMethods({ workspace }: SlackState): Record<string, MethodSpec> {
  return {
    'chat.postMessage': {
      scopes: () => ['chat:write'],
      limitKey: (args) => String(args['channel'] ?? ''),
      run: ({ args, token }) => {
        const channel = requireChannel(workspace, args, true);
        if (isOutcome(channel)) return channel;
        if (channel.is_archived) return fail('is_archived');
        const text = typeof args['text'] === 'string' ? args['text'] : '';
        let blocks = args['blocks'];
        if (typeof blocks === 'string') {
          try {
            blocks = JSON.parse(blocks);
          } catch {
            return fail('invalid_blocks_format');
          }
        }
        if (blocks !== undefined && (!Array.isArray(blocks) || blocks.some((block) => typeof block !== 'object' || block === null || !('type' in block)))) {
          return fail('invalid_blocks');
        }
        if (text.trim() === '' && !Array.isArray(blocks)) return fail('no_text');
        const author =
          token.attributes['tokenType'] === 'bot' ? { bot_id: SIM_BOT.botId, subtype: 'bot_message', user: SIM_BOT.userId } : { user: token.subject };
        const threadTs = typeof args['thread_ts'] === 'string' ? args['thread_ts'] : undefined;
        let parent: SlackMessage | undefined;
        if (threadTs) {
          const target = workspace.find(channel, threadTs);
          if (!target) return fail('thread_not_found');
          // Replying to a reply lands in the parent's thread.
          parent = target.thread_ts && target.thread_ts !== target.ts ? workspace.find(channel, target.thread_ts) : target;
          if (!parent) return fail('thread_not_found');
        }
        const message = workspace.append(channel, {
          type: 'message',
          ...author,
          text,
          ...(Array.isArray(blocks) ? { blocks } : {}),
          ...(parent ? { thread_ts: parent.ts, parent_user_id: parent.user } : {}),
          ...(parent && (args['reply_broadcast'] === true || args['reply_broadcast'] === 'true') ? { reply_broadcast: true } : {}),
        });
        if (parent) {
          parent.thread_ts = parent.ts;
          parent.reply_count = (parent.reply_count ?? 0) + 1;
          parent.latest_reply = message.ts;
        }
        return { body: { ok: true, channel: channel.id, ts: message.ts, message: messageView(message) }, write: true };
      },
    },
    'chat.delete': {
      scopes: () => ['chat:write'],
      run: ({ args, token }) => {
        const channel = requireChannel(workspace, args, false);
        if (isOutcome(channel)) return channel;
        const message = workspace.find(channel, String(args['ts'] ?? ''));
        if (!message) return fail('message_not_found');
        const own = token.attributes['tokenType'] === 'bot' ? message.bot_id === SIM_BOT.botId : message.user === token.subject;
        if (!own) return fail('cant_delete_message');
        channel.messages = channel.messages.filter((candidate) => candidate !== message);
        return { body: { ok: true, channel: channel.id, ts: message.ts }, write: true };
      },
    },
  };
}
