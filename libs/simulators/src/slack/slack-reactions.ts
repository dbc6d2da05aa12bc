import { fail, isOutcome, requireChannel, type MethodSpec, type SlackState } from './slack-methods';

const KNOWN_EMOJI = new Set([
  'thumbsup',
  '+1',
  'thumbsdown',
  'eyes',
  'white_check_mark',
  'heavy_check_mark',
  'tada',
  'heart',
  'rocket',
  'fire',
  'wave',
  'pray',
  'raised_hands',
  'x',
  'warning',
]);

/** reactions.add, with Slack's emoji names and already_reacted. */
export function reactionMethods({ workspace }: SlackState): Record<string, MethodSpec> {
  return {
    'reactions.add': {
      scopes: () => ['reactions:write'],
      run: ({ args, token }) => {
        if (args['timestamp'] === undefined) return fail('no_item_specified');
        const channel = requireChannel(workspace, args, false);
        if (isOutcome(channel)) return channel;
        if (channel.is_archived) return fail('is_archived');
        const message = workspace.find(channel, String(args['timestamp']));
        if (!message) return fail('message_not_found');
        const name = String(args['name'] ?? '').replace(/^:|:$/g, '');
        if (!KNOWN_EMOJI.has(name)) return fail('invalid_name');
        message.reactions ??= [];
        let reaction = message.reactions.find((candidate) => candidate.name === name);
        if (reaction?.users.includes(token.subject)) return fail('already_reacted');
        if (!reaction) {
          reaction = { name, users: [], count: 0 };
          message.reactions.push(reaction);
        }
        reaction.users.push(token.subject);
        reaction.count = reaction.users.length;
        return { body: { ok: true }, write: true };
      },
    },
  };
}
