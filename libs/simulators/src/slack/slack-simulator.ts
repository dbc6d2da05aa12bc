/*
 * Slack Web API simulator. Reproduces, per /work/shared/vendors/slack.md and the sources it cites:
 * - Transport: every method at /api/<method>, arguments in the query string, a form body or a
 *   JSON body; a JSON body is accepted only with `Authorization: Bearer` (docs.slack.dev
 *   changelog 2017-10 "keeping up with the JSONs"); the token may also be a `token` argument.
 * - Errors as HTTP 200 `{ ok: false, error }` (docs.slack.dev/apis/web-api; node-slack-sdk
 *   WebClient: "no meaningful status codes besides 429 and 200"); `missing_scope` carries
 *   top-level `needed` and `provided`; `x-oauth-scopes` / `x-accepted-oauth-scopes` headers.
 * - Auth errors: not_authed (no token), invalid_auth (unknown), token_expired (rotated token
 *   past its 12 h life), token_revoked (after auth.revoke) (docs.slack.dev/authentication/using-token-rotation).
 * - OAuth v2 (slack-oauth.ts): /oauth/v2/authorize redirects with code+state; POST /api/oauth.v2.access
 *   (form, client credentials by HTTP Basic or parameters, PKCE `code_verifier`) answers with the
 *   bot token top-level and the user token under `authed_user`; with rotation on, `expires_in`
 *   43200 and `refresh_token` (xoxe-1-…), access tokens `xoxe.xoxb-1-…`; grant_type=refresh_token
 *   answers flat and disables the used refresh token (reuse -> invalid_refresh_token, *unverified*
 *   as the reuse code). auth.revoke and auth.test (docs.slack.dev/reference/methods/oauth.v2.access,
 *   auth.revoke, auth.test).
 * - Rate limits per method, per workspace, per app in per-minute tiers (Tier 2 = 20, Tier 3 = 50),
 *   chat.postMessage about 1/s per channel with short bursts; refusals are HTTP 429 with an integer
 *   `Retry-After` and body `{ ok: false, error: "ratelimited" }` (body shape *unverified*)
 *   (docs.slack.dev/apis/web-api/rate-limits).
 * - Pagination: `cursor` + `limit`; `response_metadata.next_cursor` is "" on the last page, a bad
 *   cursor gives invalid_cursor; pages may be shorter than `limit` (docs.slack.dev/apis/web-api/pagination).
 * - chat.postMessage (channel by ID or name, not_in_channel, is_archived, no_text, thread replies
 *   via thread_ts pointing at the parent), chat.delete (own messages only: cant_delete_message),
 *   conversations.history (newest first, thread replies hidden unless broadcast),
 *   conversations.replies, conversations.list (`types`, `exclude_archived`, limit < 1000),
 *   reactions.add (`timestamp` argument, already_reacted, invalid_name).
 */
import type { FastifyReply } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import { FaultInjector, WriteCounter } from '../common/faults';
import { bearerToken, DEFAULT_CLIENT, type SimulatedClient } from '../common/oauth';
import { baseControl, bodyObject, createSimulatorApp, listen, MalformedBody, type RunningSimulator, type SimulatorControl } from '../common/simulator-server';
import { TokenStore, type TokenRecord } from '../common/token-store';
import { WindowCounter } from '../common/window-counter';
import { registerSlackOAuth } from './slack-oauth';
import { SIM_BOT, SlackWorkspace, type SlackChannel, type SlackMessage, type SlackSeed } from './slack-workspace';

export interface SlackSimulatorOptions {
  clock?: Clock;
  port?: number;
  client?: SimulatedClient;
  /** Token rotation on (default): access tokens expire and come with refresh tokens. */
  tokenRotation?: boolean;
  /** Access-token lifetime with rotation on. Slack: 43200 s (12 h). */
  tokenLifetimeSeconds?: number;
  /** Per-minute limits by method; defaults follow Slack's tiers. */
  methodLimitsPerMinute?: Record<string, number>;
  /** chat.postMessage per channel: default 3 per 3 s (1/s with short bursts). */
  postMessagePerChannel?: { limit: number; windowSeconds: number };
  seed?: SlackSeed;
}

export interface SlackSimulatorControl extends SimulatorControl {
  readonly workspace: SlackWorkspace;
  /** A valid token without the OAuth dance. */
  issueToken(options?: { kind?: 'bot' | 'user'; scopes?: string[]; lifetimeSeconds?: number }): string;
  setMethodLimit(method: string, perMinute: number): void;
}

const TIER_2 = 20;
const TIER_3 = 50;
const DEFAULT_LIMITS: Record<string, number> = {
  'conversations.list': TIER_2,
  'conversations.history': TIER_3,
  'conversations.replies': TIER_3,
  'reactions.add': TIER_3,
  'chat.delete': TIER_3,
};

export const SLACK_DEFAULT_SCOPES = ['chat:write', 'channels:read', 'groups:read', 'channels:history', 'groups:history', 'reactions:write'];

const KNOWN_EMOJI = new Set(['thumbsup', '+1', 'thumbsdown', 'eyes', 'white_check_mark', 'heavy_check_mark', 'tada', 'heart', 'rocket', 'fire', 'wave', 'pray', 'raised_hands', 'x', 'warning']);

type Args = Record<string, unknown>;
type MethodOutcome = { body: Record<string, unknown>; write?: boolean };

interface CallContext {
  args: Args;
  token: TokenRecord;
}

interface MethodSpec {
  scopes: (args: Args, workspace: SlackWorkspace) => string[];
  /** Rate-limit key suffix beyond team+method (chat.postMessage: the channel). */
  limitKey?: (args: Args) => string;
  run: (context: CallContext) => MethodOutcome;
}

export async function startSlackSimulator(options: SlackSimulatorOptions = {}): Promise<RunningSimulator<SlackSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const client = options.client ?? DEFAULT_CLIENT;
  const rotation = options.tokenRotation ?? true;
  const lifetime = options.tokenLifetimeSeconds ?? 43_200;
  const limits = { ...DEFAULT_LIMITS, ...(options.methodLimitsPerMinute ?? {}) };
  const perChannel = options.postMessagePerChannel ?? { limit: 3, windowSeconds: 3 };
  const parts = { clock, tokens: new TokenStore(clock), faults: new FaultInjector(), writes: new WriteCounter() };
  const workspace = new SlackWorkspace(clock, options.seed);
  const windows = new WindowCounter(clock);

  const fail = (error: string, extra: Record<string, unknown> = {}): MethodOutcome => ({ body: { ok: false, error, ...extra } });

  const messageView = (message: SlackMessage): SlackMessage => {
    const { reply_broadcast: _hidden, ...visible } = message;
    return visible;
  };

  const requireChannel = (args: Args, needMembership: boolean): SlackChannel | MethodOutcome => {
    const channel = workspace.resolve(typeof args['channel'] === 'string' ? args['channel'] : undefined);
    if (!channel) return fail('channel_not_found');
    if (needMembership && !channel.botIsMember) return fail('not_in_channel');
    return channel;
  };
  const isOutcome = (value: SlackChannel | MethodOutcome): value is MethodOutcome => 'body' in value;

  const historyScopes = (args: Args) => [workspace.resolve(String(args['channel'] ?? ''))?.is_private ? 'groups:history' : 'channels:history'];

  const methods: Record<string, MethodSpec> = {
    'auth.test': {
      scopes: () => [],
      run: ({ token }) => ({
        body: {
          ok: true,
          url: `https://${workspace.team.domain}.slack.com/`,
          team: workspace.team.name,
          user: token.attributes['tokenType'] === 'bot' ? 'causeway' : 'alice',
          team_id: workspace.team.id,
          user_id: token.subject,
          ...(token.attributes['tokenType'] === 'bot' ? { bot_id: SIM_BOT.botId } : {}),
          ...(token.expiresAt ? { expires_in: Math.max(0, Math.floor((token.expiresAt - clock.now()) / 1000)) } : {}),
        },
      }),
    },
    // auth.revoke (docs.slack.dev/reference/methods/auth.revoke): revokes the very token that
    // calls it and answers { ok: true, revoked: true }; `test=1` is a dry run (revoked: false).
    // Later calls with it answer token_revoked. What happens to a rotation refresh token is not
    // documented, so it is left alone here.
    'auth.revoke': {
      scopes: () => [],
      run: ({ args, token }) => {
        const dryRun = args['test'] === '1' || args['test'] === true || args['test'] === 'true';
        if (!dryRun) parts.tokens.revoke(token.token);
        return { body: { ok: true, revoked: !dryRun } };
      },
    },
    'chat.postMessage': {
      scopes: () => ['chat:write'],
      limitKey: (args) => String(args['channel'] ?? ''),
      run: ({ args, token }) => {
        const channel = requireChannel(args, true);
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
        const author = token.attributes['tokenType'] === 'bot' ? { bot_id: SIM_BOT.botId, subtype: 'bot_message', user: SIM_BOT.userId } : { user: token.subject };
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
        const channel = requireChannel(args, false);
        if (isOutcome(channel)) return channel;
        const message = workspace.find(channel, String(args['ts'] ?? ''));
        if (!message) return fail('message_not_found');
        const own = token.attributes['tokenType'] === 'bot' ? message.bot_id === SIM_BOT.botId : message.user === token.subject;
        if (!own) return fail('cant_delete_message');
        channel.messages = channel.messages.filter((candidate) => candidate !== message);
        return { body: { ok: true, channel: channel.id, ts: message.ts }, write: true };
      },
    },
    'conversations.history': {
      scopes: historyScopes,
      run: ({ args }) => {
        const channel = requireChannel(args, true);
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
        const channel = requireChannel(args, true);
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
        const types = String(args['types'] ?? 'public_channel').split(',').map((type) => type.trim());
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
    'reactions.add': {
      scopes: () => ['reactions:write'],
      run: ({ args, token }) => {
        if (args['timestamp'] === undefined) return fail('no_item_specified');
        const channel = requireChannel(args, false);
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

  const app = createSimulatorApp(parts, {
    rateLimited: (reply, fault) => reply.code(429).header('retry-after', String(fault.retryAfterSeconds ?? 30)).send({ ok: false, error: 'ratelimited' }),
    serverError: (reply, status) => reply.code(status).send({ ok: false, error: status === 503 ? 'service_unavailable' : 'fatal_error' }),
  });
  const { issueAccess } = registerSlackOAuth(app, { clock, tokens: parts.tokens, client, workspace, rotation, lifetimeSeconds: lifetime });

  app.route({
    method: ['GET', 'POST'],
    url: '/api/:method',
    handler: async (request, reply) => {
      const method = (request.params as { method: string }).method;
      if (request.body instanceof MalformedBody) return reply.send({ ok: false, error: 'invalid_json' });
      const args: Args = { ...(request.query as Args), ...bodyObject(request.body) };
      const spec = methods[method];
      if (!spec) return reply.send({ ok: false, error: 'unknown_method' });

      const headerToken = bearerToken(request.headers.authorization);
      const isJson = /json/i.test(String(request.headers['content-type'] ?? ''));
      // JSON bodies are accepted only with the token in the Authorization header.
      const tokenValue = headerToken ?? (isJson ? undefined : typeof args['token'] === 'string' ? args['token'] : undefined);
      const checked = parts.tokens.check(tokenValue);
      if (!tokenValue) return reply.send({ ok: false, error: 'not_authed' });
      if (checked.status === 'unknown' || checked.record?.kind !== 'access') return reply.send({ ok: false, error: 'invalid_auth' });
      if (checked.status === 'expired') return reply.send({ ok: false, error: 'token_expired' });
      if (checked.status === 'revoked') return reply.send({ ok: false, error: 'token_revoked' });
      const token = checked.record;

      const needed = spec.scopes(args, workspace);
      reply.header('x-oauth-scopes', token.scopes.join(',')).header('x-accepted-oauth-scopes', needed.join(','));
      const missing = needed.filter((scope) => !token.scopes.includes(scope));
      if (missing.length > 0) return reply.send({ ok: false, error: 'missing_scope', needed: missing.join(','), provided: token.scopes.join(',') });

      const refused = rateLimit(method, spec, args, reply);
      if (refused) return refused;

      const outcome = spec.run({ args, token });
      if (outcome.write && outcome.body['ok'] === true) parts.writes.record(`POST /api/${method}`);
      return reply.send(outcome.body);
    },
  });

  function rateLimit(method: string, spec: MethodSpec, args: Args, reply: FastifyReply): FastifyReply | undefined {
    const verdict =
      method === 'chat.postMessage'
        ? windows.hit(`${workspace.team.id}:${method}:${spec.limitKey?.(args) ?? ''}`, perChannel.limit, perChannel.windowSeconds * 1000)
        : limits[method] !== undefined
          ? windows.hit(`${workspace.team.id}:${method}`, limits[method] as number, 60_000)
          : undefined;
    if (!verdict || verdict.allowed) return undefined;
    const seconds = Math.max(1, Math.ceil((verdict.resetAt - clock.now()) / 1000));
    return reply.code(429).header('retry-after', String(seconds)).send({ ok: false, error: 'ratelimited' });
  }

  const server = await listen(app, options.port);
  const control: SlackSimulatorControl = {
    ...baseControl(parts),
    workspace,
    issueToken: ({ kind = 'bot', scopes = SLACK_DEFAULT_SCOPES, lifetimeSeconds } = {}) => issueAccess(kind, scopes, undefined, lifetimeSeconds).token,
    setMethodLimit: (method, perMinute) => {
      limits[method] = perMinute;
    },
  };
  return { url: server.url, stop: server.stop, control };
}

function clampLimit(value: unknown, fallback: number, max: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit >= 1000) return undefined;
  return Math.min(limit, max);
}

/** Slack cursors look like base64 of `next_ts:<ts>` or `team:<id>`; anything else is invalid. */
function encodeCursor(kind: string, value: string): string {
  return Buffer.from(`${kind}:${value}`, 'utf8').toString('base64');
}

/** `undefined` when absent, `null` when present but not ours. */
function decodeCursor(value: unknown, kind: string): string | undefined | null {
  if (value === undefined || value === '') return undefined;
  const decoded = Buffer.from(String(value), 'base64').toString('utf8');
  return decoded.startsWith(`${kind}:`) ? decoded.slice(kind.length + 1) : null;
}
