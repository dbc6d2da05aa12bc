import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../common/clock';
import { AuthorizationCodes, clientCredentials, pkceMatches, redirectAllowed, secretMatches, type SimulatedClient } from '../common/oauth';
import { bodyObject } from '../common/simulator-server';
import type { TokenRecord, TokenStore } from '../common/token-store';
import { SIM_USER } from './github-repos';

export interface GitHubOAuthOptions {
  /** GitHub App user tokens: 8 h access tokens and rotating 6-month refresh tokens. */
  expiringTokens: boolean;
  tokenLifetimeSeconds: number;
  refreshTokenLifetimeSeconds: number;
}

const ERROR_DOCS = '/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/';

/**
 * github.com/login/oauth: the web flow. Answers are form-encoded unless the client sends
 * `Accept: application/json`, and errors come back with HTTP 200.
 */
export function registerGitHubOAuth(
  app: FastifyInstance,
  deps: { clock: Clock; tokens: TokenStore; client: SimulatedClient; options: GitHubOAuthOptions },
): { issue(scopes: string[]): { access: TokenRecord; refresh?: TokenRecord } } {
  const { clock, tokens, client, options } = deps;
  const codes = new AuthorizationCodes(clock);

  function issue(scopes: string[], familyId?: string) {
    const access = tokens.issue({
      kind: 'access',
      prefix: options.expiringTokens ? 'ghu_' : 'gho_',
      clientId: client.clientId,
      subject: SIM_USER.login,
      scopes,
      familyId,
      lifetimeSeconds: options.expiringTokens ? options.tokenLifetimeSeconds : undefined,
    });
    const refresh = options.expiringTokens
      ? tokens.issue({
          kind: 'refresh',
          prefix: 'ghr_',
          clientId: client.clientId,
          subject: SIM_USER.login,
          scopes,
          familyId: access.familyId,
          lifetimeSeconds: options.refreshTokenLifetimeSeconds,
        })
      : undefined;
    if (refresh) access.parent = refresh.token;
    return { access, refresh };
  }

  function respond(request: FastifyRequest, reply: FastifyReply, body: Record<string, string | number>): FastifyReply {
    if (/application\/json/i.test(String(request.headers.accept ?? ''))) return reply.send(body);
    const form = new URLSearchParams(Object.entries(body).map(([key, value]): [string, string] => [key, String(value)]));
    return reply.type('application/x-www-form-urlencoded; charset=utf-8').send(form.toString());
  }

  const oauthError = (request: FastifyRequest, reply: FastifyReply, error: string, description: string) =>
    respond(request, reply, { error, error_description: description, error_uri: `${ERROR_DOCS}#${error.replace(/_/g, '-')}` });

  const tokenBody = (pair: { access: TokenRecord; refresh?: TokenRecord }): Record<string, string | number> => ({
    access_token: pair.access.token,
    // GitHub App user tokens always report an empty scope; OAuth apps a comma list.
    scope: options.expiringTokens ? '' : pair.access.scopes.join(','),
    token_type: 'bearer',
    ...(pair.refresh
      ? { expires_in: options.tokenLifetimeSeconds, refresh_token: pair.refresh.token, refresh_token_expires_in: options.refreshTokenLifetimeSeconds }
      : {}),
  });

  app.get('/login/oauth/authorize', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    if (query['client_id'] !== client.clientId) return reply.code(404).type('text/plain').send('Not Found');
    const redirectUri = query['redirect_uri'] ?? (client.redirectUris[0] as string);
    if (!redirectAllowed(client, redirectUri))
      return reply.code(400).type('text/plain').send('The redirect_uri MUST match the registered callback URL for this application.');
    if (query['code_challenge'] && (query['code_challenge_method'] ?? 'S256') !== 'S256')
      return reply.code(400).type('text/plain').send('code_challenge_method must be S256');
    const code = codes.create({
      clientId: client.clientId,
      redirectUri,
      scopes: (query['scope'] ?? '').split(/[ ,]+/).filter(Boolean),
      codeChallenge: query['code_challenge'],
      codeChallengeMethod: 'S256',
      extras: {},
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (query['state'] !== undefined) target.searchParams.set('state', query['state']);
    return reply.redirect(target.toString(), 302);
  });

  app.post('/login/oauth/access_token', async (request, reply) => {
    const body = { ...(request.query as Record<string, unknown>), ...bodyObject(request.body) };
    const credentials = clientCredentials(request.headers.authorization, body);
    if (credentials.clientId !== client.clientId || !secretMatches(client.clientSecret, credentials.clientSecret)) {
      return oauthError(request, reply, 'incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.');
    }
    if (body['grant_type'] === 'refresh_token') {
      const checked = tokens.check(typeof body['refresh_token'] === 'string' ? body['refresh_token'] : undefined);
      const old = checked.record;
      if (checked.status !== 'valid' || old?.kind !== 'refresh')
        return oauthError(request, reply, 'bad_refresh_token', 'The refresh token passed is incorrect or expired.');
      // After a refresh, that refresh token and the old user access token no longer work.
      tokens.revoke(old.token);
      tokens.revokeChildren(old.token);
      const pair = issue(old.scopes, old.familyId);
      return respond(request, reply, tokenBody(pair));
    }
    const grant = codes.redeem(typeof body['code'] === 'string' ? body['code'] : undefined);
    if (!grant) return oauthError(request, reply, 'bad_verification_code', 'The code passed is incorrect or expired.');
    if (body['redirect_uri'] !== undefined && body['redirect_uri'] !== grant.redirectUri) {
      return oauthError(request, reply, 'redirect_uri_mismatch', 'The redirect_uri MUST match the registered callback URL for this application.');
    }
    if (grant.codeChallenge && !pkceMatches(grant.codeChallenge, 'S256', body['code_verifier'] as string | undefined)) {
      return oauthError(request, reply, 'bad_verification_code', 'The code_verifier does not match the code_challenge.');
    }
    return respond(request, reply, tokenBody(issue(grant.scopes)));
  });

  /**
   * "Delete an app token" (docs.github.com/rest/apps/oauth-applications#delete-an-app-token):
   * the app authenticates with Basic client_id:client_secret and names the token in the body
   * `{ access_token }`; 204 on success, after which the token answers 401 Bad credentials;
   * 422 Validation Failed for a token GitHub does not hold as valid (unknown, already revoked
   * or expired: a revoked token is gone at GitHub, so revoking twice is refused, not repeated).
   * Only this token ends: other tokens of the same grant live on (that is what deleting the
   * whole grant, /applications/{client_id}/grant, is for).
   */
  app.delete('/applications/:clientId/token', async (request, reply) => {
    const credentials = clientCredentials(request.headers.authorization, {});
    if (
      (request.params as { clientId: string }).clientId !== client.clientId ||
      credentials.clientId !== client.clientId ||
      !secretMatches(client.clientSecret, credentials.clientSecret)
    ) {
      return reply
        .code(404)
        .send({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest/apps/oauth-applications#delete-an-app-token', status: '404' });
    }
    const token = bodyObject(request.body)['access_token'];
    const checked = tokens.check(typeof token === 'string' ? token : undefined);
    const record = checked.status === 'valid' ? checked.record : undefined;
    if (!record)
      return reply.code(422).send({
        message: 'Validation Failed',
        errors: [{ resource: 'OauthAccess', field: 'access_token', code: 'invalid' }],
        documentation_url: 'https://docs.github.com/rest/apps/oauth-applications#delete-an-app-token',
        status: '422',
      });
    tokens.revoke(record.token);
    return reply.code(204).send();
  });

  return { issue: (scopes) => issue(scopes) };
}
