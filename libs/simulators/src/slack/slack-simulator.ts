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
 * This file is the transport (tokens, scopes, rate limits); the methods live with their
 * resource: slack-auth.ts, slack-chat.ts, slack-conversations.ts, slack-reactions.ts.
 */
import type { FastifyReply } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import { FaultInjector, WriteCounter } from '../common/faults';
import { bearerToken, DEFAULT_CLIENT, type SimulatedClient } from '../common/oauth';
import { baseControl, bodyObject, createSimulatorApp, listen, MalformedBody, type RunningSimulator, type SimulatorControl } from '../common/simulator-server';
import { TokenStore } from '../common/token-store';
import { WindowCounter } from '../common/window-counter';
import { authMethods } from './slack-auth';
import { chatMethods } from './slack-chat';
import { conversationMethods } from './slack-conversations';
import type { Args, MethodSpec } from './slack-methods';
import { registerSlackOAuth } from './slack-oauth';
import { reactionMethods } from './slack-reactions';
import { SlackWorkspace, type SlackSeed } from './slack-workspace';

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

  const state = { clock, tokens: parts.tokens, workspace };
  const methods: Record<string, MethodSpec> = { ...authMethods(state), ...chatMethods(state), ...conversationMethods(state), ...reactionMethods(state) };

  const app = createSimulatorApp(parts, {
    rateLimited: (reply, fault) =>
      reply
        .code(429)
        .header('retry-after', String(fault.retryAfterSeconds ?? 30))
        .send({ ok: false, error: 'ratelimited' }),
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
