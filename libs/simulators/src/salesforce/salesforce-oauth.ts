import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../common/clock';
import { AuthorizationCodes, bearerToken, clientCredentials, pkceMatches, redirectAllowed, secretMatches, type SimulatedClient } from '../common/oauth';
import { bodyObject } from '../common/simulator-server';
import type { TokenRecord, TokenStore } from '../common/token-store';
import { checkJwtBearer, type JwtBearerTrust } from './salesforce-jwt-bearer';
import { ORG_ID, USER_ID } from './salesforce-org';

export interface SalesforceOAuthDeps {
  clock: Clock;
  tokens: TokenStore;
  client: SimulatedClient;
  sessionTimeoutSeconds: number;
  rotation: boolean;
  /** The instance URL, known once the server listens. */
  baseUrl: () => string;
  /** The connected app's JWT bearer certificate, once a test uploads one. */
  jwtTrust: () => JwtBearerTrust | undefined;
}

/**
 * Salesforce OAuth 2.0 web-server flow: authorize, token (code and refresh grants), revoke, and
 * the identity URL the token answer points to. OAuth errors are `{ error, error_description }`
 * objects, unlike the REST API's error arrays.
 */
export function registerSalesforceOAuth(app: FastifyInstance, deps: SalesforceOAuthDeps): { issueAccess(scopes: string[], parent?: TokenRecord): TokenRecord } {
  const { clock, tokens, client } = deps;
  const codes = new AuthorizationCodes(clock);

  const identityUrl = () => `${deps.baseUrl()}/id/${ORG_ID}/${USER_ID}`;

  function issueAccess(scopes: string[], parent?: TokenRecord): TokenRecord {
    return tokens.issue({
      kind: 'access',
      prefix: `${ORG_ID.slice(0, 15)}!AQ`,
      clientId: client.clientId,
      subject: USER_ID,
      scopes,
      familyId: parent?.familyId,
      parent: parent?.token,
      lifetimeSeconds: deps.sessionTimeoutSeconds,
    });
  }

  function tokenAnswer(access: TokenRecord, refresh?: TokenRecord): Record<string, unknown> {
    const issuedAt = String(clock.now());
    const id = identityUrl();
    return {
      access_token: access.token,
      ...(refresh ? { refresh_token: refresh.token } : {}),
      signature: createHmac('sha256', client.clientSecret)
        .update(id + issuedAt)
        .digest('base64'),
      scope: access.scopes.join(' '),
      instance_url: deps.baseUrl(),
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
  }

  app.get('/services/oauth2/authorize', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    if (query['response_type'] !== 'code')
      return reply.code(400).send({ error: 'unsupported_response_type', error_description: 'response type not supported' });
    if (query['client_id'] !== client.clientId) return reply.code(400).send({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
    if (!redirectAllowed(client, query['redirect_uri']))
      return reply.code(400).send({ error: 'redirect_uri_mismatch', error_description: 'redirect_uri must match configuration' });
    const code = codes.create({
      clientId: client.clientId,
      redirectUri: query['redirect_uri'] as string,
      scopes: (query['scope'] ?? 'api refresh_token id').split(' ').filter(Boolean),
      codeChallenge: query['code_challenge'],
      codeChallengeMethod: query['code_challenge_method'] ?? 'S256',
      extras: {},
    });
    const target = new URL(query['redirect_uri'] as string);
    target.searchParams.set('code', code);
    if (query['state'] !== undefined) target.searchParams.set('state', query['state']);
    return reply.redirect(target.toString(), 302);
  });

  app.post('/services/oauth2/token', async (request, reply) => {
    const body = bodyObject(request.body);
    // The JWT bearer flow authenticates with the signed assertion alone: no client_id, no secret.
    if (body['grant_type'] === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      const checked = await checkJwtBearer(body['assertion'], deps.jwtTrust(), clock);
      if (!checked.ok) return reply.code(400).send({ error: checked.error, error_description: checked.description });
      const access = issueAccess(['api', 'web', 'id']);
      const { signature: _unsigned, issued_at: _issued, ...answer } = tokenAnswer(access);
      return reply.send(answer);
    }
    const credentials = clientCredentials(request.headers.authorization, body);
    if (credentials.clientId !== client.clientId) return reply.code(400).send({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
    if (body['grant_type'] === 'authorization_code') {
      if (!secretMatches(client.clientSecret, credentials.clientSecret))
        return reply.code(400).send({ error: 'invalid_client', error_description: 'invalid client credentials' });
      const grant = codes.redeem(typeof body['code'] === 'string' ? body['code'] : undefined);
      if (!grant || grant.redirectUri !== body['redirect_uri'])
        return reply.code(400).send({ error: 'invalid_grant', error_description: 'authentication failure' });
      if (grant.codeChallenge) {
        if (!body['code_verifier']) return reply.code(400).send({ error: 'invalid_grant', error_description: 'invalid code verifier' });
        if (!pkceMatches(grant.codeChallenge, grant.codeChallengeMethod ?? 'S256', String(body['code_verifier']))) {
          return reply.code(400).send({ error: 'invalid_request', error_description: 'PKCE code verifier does not match' });
        }
      }
      const access = issueAccess(grant.scopes);
      const wantsRefresh = grant.scopes.includes('refresh_token') || grant.scopes.includes('offline_access');
      const refresh = wantsRefresh
        ? tokens.issue({ kind: 'refresh', prefix: '5Aep861', clientId: client.clientId, subject: USER_ID, scopes: grant.scopes, familyId: access.familyId })
        : undefined;
      if (refresh) access.parent = refresh.token;
      return reply.send(tokenAnswer(access, refresh));
    }
    if (body['grant_type'] === 'refresh_token') {
      const checked = tokens.check(typeof body['refresh_token'] === 'string' ? body['refresh_token'] : undefined);
      if (checked.status !== 'valid' || checked.record?.kind !== 'refresh')
        return reply.code(400).send({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
      let refresh = checked.record;
      let rotated: TokenRecord | undefined;
      if (deps.rotation) {
        rotated = tokens.issue({
          kind: 'refresh',
          prefix: '5Aep861',
          clientId: client.clientId,
          subject: USER_ID,
          scopes: refresh.scopes,
          familyId: refresh.familyId,
        });
        tokens.revoke(refresh.token);
        refresh = rotated;
      }
      return reply.send(tokenAnswer(issueAccess(refresh.scopes, refresh), rotated));
    }
    return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
  });

  /**
   * /services/oauth2/revoke (help.salesforce.com "Revoke OAuth Tokens"): `token=` in a form body
   * (POST) or the query (GET), no client authentication; 200 with an empty body. Revoking a
   * refresh token also revokes every access token minted with it; revoking an access token ends
   * only that session. An unknown token answers 400 `invalid_token`.
   */
  const revoke = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = String(bodyObject(request.body)['token'] ?? (request.query as Record<string, string | undefined>)['token'] ?? '');
    const record = tokens.get(token);
    if (!record) return reply.code(400).send({ error: 'invalid_token', error_description: 'invalid token' });
    tokens.revoke(token);
    if (record.kind === 'refresh') tokens.revokeChildren(token);
    return reply.code(200).send();
  };
  app.post('/services/oauth2/revoke', revoke);
  app.get('/services/oauth2/revoke', revoke);

  app.get('/id/:org/:user', async (request, reply) => {
    if (tokens.check(bearerToken(request.headers.authorization)).status !== 'valid') return reply.code(403).send('Bad_OAuth_Token');
    return {
      id: identityUrl(),
      user_id: USER_ID,
      organization_id: ORG_ID,
      username: 'ada@causeway-demo.example',
      display_name: 'Ada Agent',
      email: 'ada@causeway-demo.example',
      urls: { rest: `${deps.baseUrl()}/services/data/v{version}/` },
    };
  });

  return { issueAccess };
}
