import {
  clampLimit,
  decodeCursor,
  encodeCursor,
  fail,
  isOutcome,
  messageView,
  requireChannel,
  type Args,
  type MethodSpec,
  type SlackState,
} from './slack-methods';

/** conversations.history, conversations.replies and conversations.list, with Slack's cursors. */
export function conversationMethods({ workspace }: SlackState): Record<string, MethodSpec> {
  const historyScopes = (args: Args) => [workspace.resolve(String(args['channel'] ?? ''))?.is_private ? 'groups:history' : 'channels:history'];
  return {
    'conversations.history': {
      scopes: historyScopes,
      run: ({ args }) => {
        const channel = requireChannel(workspace, args, true);
        if (isOutcome(channel)) return channel;
        const limit = clampLimit(args['limit'], 100, 999);
        if (limit === undefined) return fail('invalid_limit');
        const inclusive = args['inclusive'] === '1' || args['inclusive'] === true || args['inclusive'] === 'true';
        const oldest = Number(args['oldest'] ?? 0);
        const latest = args['latest'] !== undefined ? Number(args['latest']) : Number.POSITIVE_INFINITY;
        if (Number.isNaN(oldest)) return fail('invalid_ts_oldest');
        if (Number.isNaN(latest)) return fail('invalid_ts_latest');
        let visible = channel.messages
          .filter((message) => !message.thread_ts || message.thread_ts === message.ts || message.reply_broadcast)
          .filter((message) => {
            const ts = Number(message.ts);
            return (inclusive ? ts >= oldest : ts > oldest) && (inclusive ? ts <= latest : ts < latest);
          })
          .reverse();
        const cursor = decodeCursor(args['cursor'], 'next_ts');
        if (cursor === null) return fail('invalid_cursor');
        if (cursor !== undefined) visible = visible.filter((message) => Number(message.ts) <= Number(cursor));
        const page = visible.slice(0, limit);
        const next = visible[limit];
        return {
          body: {
            ok: true,
            messages: page.map(messageView),
            has_more: next !== undefined,
            pin_count: 0,
            response_metadata: { next_cursor: next ? encodeCursor('next_ts', next.ts) : '' },
          },
        };
      },
    },
    'conversations.replies': {
      scopes: historyScopes,
      run: ({ args }) => {
        const channel = requireChannel(workspace, args, true);
        if (isOutcome(channel)) return channel;
        const parent = workspace.find(channel, String(args['ts'] ?? ''));
        if (!parent) return fail('thread_not_found');
        const thread = channel.messages.filter((message) => message === parent || message.thread_ts === parent.ts);
        return { body: { ok: true, messages: thread.map(messageView), has_more: false, response_metadata: { next_cursor: '' } } };
      },
    },
    'conversations.list': {
      scopes: (args) => (String(args['types'] ?? '').includes('private_channel') ? ['channels:read', 'groups:read'] : ['channels:read']),
      run: ({ args }) => {
        const types = String(args['types'] ?? 'public_channel')
          .split(',')
          .map((type) => type.trim());
        if (types.some((type) => !['public_channel', 'private_channel', 'mpim', 'im'].includes(type))) return fail('invalid_types');
        const limit = clampLimit(args['limit'], 100, 999);
        if (limit === undefined) return fail('invalid_limit');
        const excludeArchived = args['exclude_archived'] === true || args['exclude_archived'] === 'true' || args['exclude_archived'] === '1';
        let channels = [...workspace.channels.values()]
          .filter((channel) => types.includes(channel.is_private ? 'private_channel' : 'public_channel'))
          .filter((channel) => !(excludeArchived && channel.is_archived))
          // Private channels are listed only when the app is a member, as in Slack.
          .filter((channel) => !channel.is_private || channel.botIsMember)
          .sort((a, b) => a.id.localeCompare(b.id));
        const cursor = decodeCursor(args['cursor'], 'team');
        if (cursor === null) return fail('invalid_cursor');
        if (cursor !== undefined) channels = channels.filter((channel) => channel.id >= cursor);
        const page = channels.slice(0, limit);
        const next = channels[limit];
        return {
          body: {
            ok: true,
            channels: page.map((channel) => ({
              id: channel.id,
              name: channel.name,
              is_channel: !channel.is_private,
              is_group: channel.is_private,
              is_private: channel.is_private,
              is_archived: channel.is_archived,
              is_member: channel.botIsMember,
              created: channel.created,
              topic: { value: channel.topic, creator: '', last_set: 0 },
              purpose: { value: channel.purpose, creator: '', last_set: 0 },
              num_members: channel.members,
            })),
            response_metadata: { next_cursor: next ? encodeCursor('team', next.id) : '' },
          },
        };
      },
    },
  };
}
