import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../common/clock';
import { AuthorizationCodes, clientCredentials, pkceMatches, redirectAllowed, secretMatches, type SimulatedClient } from '../common/oauth';
import { bodyObject, MalformedBody } from '../common/simulator-server';
import type { TokenRecord, TokenStore } from '../common/token-store';
import { SIM_BOT, type SlackWorkspace } from './slack-workspace';

export interface SlackOAuthDeps {
  clock: Clock;
  tokens: TokenStore;
  client: SimulatedClient;
  workspace: SlackWorkspace;
  /** Token rotation on: access tokens expire and come with single-use refresh tokens. */
  rotation: boolean;
  lifetimeSeconds: number;
}

/**
 * Slack OAuth v2: /oauth/v2/authorize and POST /api/oauth.v2.access (code exchange and, with
 * rotation, refresh). Failures are HTTP 200 `{ ok: false, error }` like every Web API method.
 */
export function registerSlackOAuth(
  app: FastifyInstance,
  deps: SlackOAuthDeps,
): { issueAccess(kind: 'bot' | 'user', scopes: string[], familyId?: string, lifetimeSeconds?: number): TokenRecord } {
  const { clock, tokens, client, workspace, rotation } = deps;
  const lifetime = deps.lifetimeSeconds;
  const codes = new AuthorizationCodes(clock);

  function issueAccess(kind: 'bot' | 'user', scopes: string[], familyId?: string, lifetimeSeconds?: number, parent?: string): TokenRecord {
    const prefix = kind === 'bot' ? (rotation ? 'xoxe.xoxb-1-' : 'xoxb-') : rotation ? 'xoxe.xoxp-1-' : 'xoxp-';
    return tokens.issue({
      kind: 'access',
      prefix,
      clientId: client.clientId,
      subject: kind === 'bot' ? SIM_BOT.userId : 'U0ALICE001',
      scopes,
      familyId,
      parent,
      lifetimeSeconds: rotation ? (lifetimeSeconds ?? lifetime) : lifetimeSeconds,
      attributes: { tokenType: kind },
    });
  }

  function issueRefresh(access: TokenRecord): TokenRecord {
    return tokens.issue({
      kind: 'refresh',
      prefix: 'xoxe-1-',
      clientId: client.clientId,
      subject: access.subject,
      scopes: access.scopes,
      familyId: access.familyId,
      attributes: { ...access.attributes },
    });
  }

  app.get('/oauth/v2/authorize', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    if (query['client_id'] !== client.clientId) return reply.code(400).type('text/plain').send('invalid_client_id');
    if (!redirectAllowed(client, query['redirect_uri'])) return reply.code(400).type('text/plain').send('bad_redirect_uri');
    const botScopes = splitScopes(query['scope'], ',');
    const userScopes = splitScopes(query['user_scope'], ',');
    if (botScopes.length === 0 && userScopes.length === 0) return reply.code(400).type('text/plain').send('no_scopes');
    const code = codes.create({
      clientId: client.clientId,
      redirectUri: query['redirect_uri'] as string,
      scopes: botScopes,
      codeChallenge: query['code_challenge'],
      codeChallengeMethod: query['code_challenge_method'] ?? 'S256',
      extras: { userScopes },
    });
    const target = new URL(query['redirect_uri'] as string);
    target.searchParams.set('code', code);
    if (query['state'] !== undefined) target.searchParams.set('state', query['state']);
    return reply.redirect(target.toString(), 302);
  });

  // A static route wins over the generic /api/:method route.
  app.post('/api/oauth.v2.access', async (request, reply) => {
    if (request.body instanceof MalformedBody) return reply.send({ ok: false, error: 'invalid_json' });
    return reply.send(tokenExchange(request, { ...(request.query as Record<string, unknown>), ...bodyObject(request.body) }));
  });

  function tokenExchange(request: FastifyRequest, args: Record<string, unknown>): Record<string, unknown> {
    const credentials = clientCredentials(request.headers.authorization, args);
    if (credentials.clientId !== client.clientId) return { ok: false, error: 'invalid_client_id' };
    if (!secretMatches(client.clientSecret, credentials.clientSecret)) return { ok: false, error: 'bad_client_secret' };
    const grantType = String(args['grant_type'] ?? 'authorization_code');
    if (grantType === 'refresh_token') return refresh(String(args['refresh_token'] ?? ''));
    if (grantType !== 'authorization_code') return { ok: false, error: 'invalid_grant_type' };

    const grant = codes.redeem(typeof args['code'] === 'string' ? args['code'] : undefined);
    if (!grant) return { ok: false, error: 'invalid_code' };
    if (args['redirect_uri'] !== undefined && args['redirect_uri'] !== grant.redirectUri) return { ok: false, error: 'bad_redirect_uri' };
    if (grant.codeChallenge && !pkceMatches(grant.codeChallenge, grant.codeChallengeMethod ?? 'S256', args['code_verifier'] as string | undefined)) {
      return { ok: false, error: 'invalid_code_verifier' };
    }
    const answer: Record<string, unknown> = {
      ok: true,
      app_id: SIM_BOT.appId,
      team: { id: workspace.team.id, name: workspace.team.name },
      enterprise: null,
      is_enterprise_install: false,
    };
    if (grant.scopes.length > 0) {
      const bot = issueAccess('bot', grant.scopes);
      Object.assign(answer, { access_token: bot.token, token_type: 'bot', scope: grant.scopes.join(','), bot_user_id: SIM_BOT.userId });
      if (rotation) Object.assign(answer, { expires_in: lifetime, refresh_token: issueRefresh(bot).token });
    }
    const userScopes = (grant.extras['userScopes'] as string[] | undefined) ?? [];
    const user: Record<string, unknown> = { id: 'U0ALICE001' };
    if (userScopes.length > 0) {
      const token = issueAccess('user', userScopes);
      Object.assign(user, { scope: userScopes.join(','), access_token: token.token, token_type: 'user' });
      if (rotation) Object.assign(user, { expires_in: lifetime, refresh_token: issueRefresh(token).token });
    }
    answer['authed_user'] = user;
    return answer;
  }

  function refresh(refreshToken: string): Record<string, unknown> {
    const checked = tokens.check(refreshToken);
    const record = checked.record;
    if (checked.status !== 'valid' || record?.kind !== 'refresh' || record.rotatedAt !== undefined) return { ok: false, error: 'invalid_refresh_token' };
    const kind = record.attributes['tokenType'] === 'user' ? 'user' : 'bot';
    const access = issueAccess(kind, record.scopes, record.familyId);
    const next = issueRefresh(access);
    // The refresh token just used stops working (docs: using-token-rotation).
    record.rotatedAt = clock.now();
    record.replacedBy = next.token;
    tokens.revoke(record.token);
    return {
      ok: true,
      app_id: SIM_BOT.appId,
      access_token: access.token,
      refresh_token: next.token,
      expires_in: lifetime,
      token_type: kind,
      scope: record.scopes.join(','),
      team: { id: workspace.team.id, name: workspace.team.name },
      enterprise: null,
      is_enterprise_install: false,
      ...(kind === 'bot' ? { bot_user_id: SIM_BOT.userId } : { user_id: access.subject }),
    };
  }

  return { issueAccess };
}

function splitScopes(value: string | undefined, separator: string): string[] {
  return (value ?? '')
    .split(separator)
    .map((scope) => scope.trim())
    .filter(Boolean);
}
