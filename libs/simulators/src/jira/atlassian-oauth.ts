import type { FastifyInstance } from 'fastify';
import type { Clock } from '../common/clock';
import { AuthorizationCodes, bearerToken, clientCredentials, pkceMatches, redirectAllowed, secretMatches, type SimulatedClient } from '../common/oauth';
import { bodyObject } from '../common/simulator-server';
import type { TokenRecord, TokenStore } from '../common/token-store';
import { AGENT_USER, type JiraSite } from './jira-site';

export interface AtlassianOAuthOptions {
  accessTokenLifetimeSeconds: number;
  /** Reuse of a replaced refresh token within this window is tolerated (Atlassian: 10 min). */
  reuseLeewaySeconds: number;
  /** Breach detection: reuse after the leeway revokes the whole family (Auth0 reuse detection). */
  revokeFamilyOnReuse: boolean;
  /** Refresh tokens expire after this long unused (Atlassian: 90 days). */
  refreshInactivitySeconds: number;
  /** A token family ends this long after consent, however it is used (Atlassian: 365 days). */
  refreshAbsoluteSeconds: number;
}

const INVALID_REFRESH = { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' };

/**
 * auth.atlassian.com and the token endpoints of api.atlassian.com: authorization code grant
 * with rotating refresh tokens, and the accessible-resources discovery call.
 */
export function registerAtlassianOAuth(
  app: FastifyInstance,
  deps: { clock: Clock; tokens: TokenStore; client: SimulatedClient; sites: () => JiraSite[]; options: AtlassianOAuthOptions },
): { issuePair(scopes: string[], lifetimeSeconds?: number): { access: TokenRecord; refresh?: TokenRecord } } {
  const { clock, tokens, client, options } = deps;
  const codes = new AuthorizationCodes(clock);

  function issuePair(scopes: string[], lifetimeSeconds?: number, familyId?: string, familyStartedAt?: number) {
    const attributes = { cloudIds: deps.sites().map((site) => site.cloudId), familyStartedAt: familyStartedAt ?? clock.now() };
    const access = tokens.issue({
      kind: 'access',
      prefix: 'eyJraWQiOiJzaW0ifQ.',
      clientId: client.clientId,
      subject: AGENT_USER.accountId,
      scopes,
      familyId,
      lifetimeSeconds: lifetimeSeconds ?? options.accessTokenLifetimeSeconds,
      attributes,
    });
    const refresh = scopes.includes('offline_access')
      ? tokens.issue({
          kind: 'refresh',
          prefix: 'eyJraWQiOiJyZWZyZXNoIn0.',
          clientId: client.clientId,
          subject: AGENT_USER.accountId,
          scopes,
          familyId: access.familyId,
          lifetimeSeconds: options.refreshInactivitySeconds,
          attributes,
        })
      : undefined;
    return { access, refresh };
  }

  const answer = (pair: { access: TokenRecord; refresh?: TokenRecord }) => ({
    access_token: pair.access.token,
    expires_in: Math.round(((pair.access.expiresAt ?? clock.now()) - clock.now()) / 1000),
    token_type: 'Bearer',
    scope: pair.access.scopes.join(' '),
    ...(pair.refresh ? { refresh_token: pair.refresh.token } : {}),
  });

  app.get('/authorize', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    if (query['audience'] !== 'api.atlassian.com') return reply.code(400).type('text/plain').send('audience must be api.atlassian.com');
    if (query['response_type'] !== 'code') return reply.code(400).type('text/plain').send('unsupported response_type');
    if (query['client_id'] !== client.clientId || !redirectAllowed(client, query['redirect_uri'])) {
      return reply.code(400).type('text/plain').send('invalid client or redirect_uri');
    }
    const code = codes.create({
      clientId: client.clientId,
      redirectUri: query['redirect_uri'] as string,
      scopes: (query['scope'] ?? '').split(' ').filter(Boolean),
      codeChallenge: query['code_challenge'],
      codeChallengeMethod: query['code_challenge_method'],
      extras: {},
    });
    const target = new URL(query['redirect_uri'] as string);
    target.searchParams.set('code', code);
    if (query['state'] !== undefined) target.searchParams.set('state', query['state']);
    return reply.redirect(target.toString(), 302);
  });

  app.post('/oauth/token', async (request, reply) => {
    const body = bodyObject(request.body);
    const credentials = clientCredentials(request.headers.authorization, body);
    if (credentials.clientId !== client.clientId || !secretMatches(client.clientSecret, credentials.clientSecret)) {
      return reply.code(401).send({ error: 'access_denied', error_description: 'Unauthorized' });
    }
    if (body['grant_type'] === 'authorization_code') {
      const grant = codes.redeem(typeof body['code'] === 'string' ? body['code'] : undefined);
      if (!grant || body['redirect_uri'] !== grant.redirectUri) {
        return reply.code(403).send({ error: 'invalid_grant', error_description: 'Invalid authorization code' });
      }
      if (grant.codeChallenge && !pkceMatches(grant.codeChallenge, grant.codeChallengeMethod ?? 'S256', body['code_verifier'] as string | undefined)) {
        return reply.code(403).send({ error: 'invalid_grant', error_description: 'PKCE verification failed' });
      }
      return reply.send(answer(issuePair(grant.scopes)));
    }
    if (body['grant_type'] === 'refresh_token') {
      const checked = tokens.check(typeof body['refresh_token'] === 'string' ? body['refresh_token'] : undefined);
      const record = checked.record;
      if (checked.status !== 'valid' || record?.kind !== 'refresh') return reply.code(403).send(INVALID_REFRESH);
      const familyStartedAt = Number(record.attributes['familyStartedAt']);
      if (clock.now() - familyStartedAt >= options.refreshAbsoluteSeconds * 1000) return reply.code(403).send(INVALID_REFRESH);
      if (record.rotatedAt !== undefined) {
        const withinLeeway = clock.now() - record.rotatedAt <= options.reuseLeewaySeconds * 1000;
        if (!withinLeeway) {
          if (options.revokeFamilyOnReuse) tokens.revokeFamily(record.familyId);
          return reply.code(403).send(INVALID_REFRESH);
        }
      } else {
        record.rotatedAt = clock.now();
      }
      const pair = issuePair(record.scopes, undefined, record.familyId, familyStartedAt);
      record.replacedBy = pair.refresh?.token;
      return reply.send(answer(pair));
    }
    return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
  });

  app.get('/oauth/token/accessible-resources', async (request, reply) => {
    const checked = tokens.check(bearerToken(request.headers.authorization));
    if (checked.status !== 'valid' || checked.record?.kind !== 'access') return reply.code(401).send({ code: 401, message: 'Unauthorized' });
    const allowed = (checked.record.attributes['cloudIds'] as string[] | undefined) ?? [];
    return deps
      .sites()
      .filter((site) => allowed.includes(site.cloudId))
      .map((site) => ({
        id: site.cloudId,
        name: site.name,
        url: site.url,
        scopes: checked.record?.scopes.filter((scope) => scope !== 'offline_access') ?? [],
        avatarUrl: 'https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/flag.png',
      }));
  });

  return { issuePair: (scopes, lifetimeSeconds) => issuePair(scopes, lifetimeSeconds) };
}
