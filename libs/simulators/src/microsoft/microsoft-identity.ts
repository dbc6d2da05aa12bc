import type { FastifyInstance } from 'fastify';
import type { Clock } from '../common/clock';
import { AuthorizationCodes, clientCredentials, pkceMatches, redirectAllowed, secretMatches, type SimulatedClient } from '../common/oauth';
import { bodyObject } from '../common/simulator-server';
import type { TokenRecord, TokenStore } from '../common/token-store';
import type { MicrosoftDirectory, SimulatedTenant } from './microsoft-directory';
import { aadstsError } from './microsoft-errors';

export interface MicrosoftIdentityDeps {
  clock: Clock;
  tokens: TokenStore;
  directory: MicrosoftDirectory;
  /** Access token lifetime; Entra ID issues 60-90 minutes, `expires_in` says which. */
  accessTokenSeconds: number;
}

/** The signed-in user a consent stands for (the simulator approves at once). */
const USER_OBJECT_ID = '00000000-0000-0000-0000-0000000a11ce';

/**
 * Microsoft identity platform v2.0 endpoints under a tenant path, as
 * learn.microsoft.com/en-us/entra/identity-platform documents them:
 * - GET `/{tenant}/oauth2/v2.0/authorize` (v2-oauth2-auth-code-flow): response_type=code,
 *   client_id, redirect_uri, scope, state, optional PKCE S256; redirects with `code` and `state`.
 * - POST `/{tenant}/oauth2/v2.0/token` (form): `authorization_code` (client_secret or PKCE
 *   verifier), `refresh_token` (a new refresh token each time), and `client_credentials`
 *   (v2-oauth2-client-creds-grant-flow: scope must be `{resource}/.default`, a named tenant, no
 *   refresh token). Answers `token_type`, `scope`, `expires_in`, `ext_expires_in`,
 *   `access_token`, `refresh_token` when `offline_access` was granted.
 * - Errors: HTTP 400 (401 for `invalid_client`) with the AADSTS-coded body of microsoft-errors.ts:
 *   AADSTS90002 unknown tenant, AADSTS700016 unknown application, AADSTS7000215 wrong secret,
 *   AADSTS50011 redirect URI mismatch, AADSTS70008 expired or used code, AADSTS50148 PKCE
 *   mismatch, AADSTS1002012 a client-credentials scope without `/.default`, AADSTS70011 bad scope.
 */
export function registerMicrosoftIdentity(app: FastifyInstance, deps: MicrosoftIdentityDeps): void {
  const { clock, tokens, directory } = deps;
  const codes = new AuthorizationCodes(clock);

  const tenantOf = (segment: string) => directory.lookup(segment);
  const clientIn = (tenant: SimulatedTenant, clientId: string | undefined): SimulatedClient | undefined =>
    tenant.clients.find((client) => client.clientId === clientId);

  const issue = (tenant: SimulatedTenant, client: SimulatedClient, subject: string, scopes: string[], parent?: TokenRecord) =>
    tokens.issue({
      kind: 'access',
      prefix: 'eyJ0eXAiOiJKV1Qi.sim.',
      clientId: client.clientId,
      subject,
      scopes,
      familyId: parent?.familyId,
      parent: parent?.token,
      lifetimeSeconds: deps.accessTokenSeconds,
      attributes: { tenantId: tenant.id, appOnly: subject === client.clientId },
    });

  const answer = (access: TokenRecord, refresh?: TokenRecord) => ({
    token_type: 'Bearer',
    scope: access.scopes.join(' '),
    expires_in: deps.accessTokenSeconds,
    ext_expires_in: deps.accessTokenSeconds,
    access_token: access.token,
    ...(refresh ? { refresh_token: refresh.token } : {}),
  });

  app.get('/:tenant/oauth2/v2.0/authorize', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const segment = (request.params as { tenant: string }).tenant;
    const lookup = tenantOf(segment);
    if (!lookup.found)
      return aadstsError(
        reply,
        clock,
        400,
        'invalid_tenant',
        90002,
        `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    const client = clientIn(lookup.found, query['client_id']);
    if (!client)
      return aadstsError(
        reply,
        clock,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${query['client_id'] ?? ''}' was not found in the directory '${segment}'.`,
      );
    if (!redirectAllowed(client, query['redirect_uri']))
      return aadstsError(
        reply,
        clock,
        400,
        'invalid_request',
        50011,
        `The redirect URI '${query['redirect_uri'] ?? ''}' specified in the request does not match the redirect URIs configured for the application '${client.clientId}'.`,
      );
    if (query['response_type'] !== 'code')
      return aadstsError(reply, clock, 400, 'unsupported_response_type', 700054, "response_type 'id_token' is not enabled for the application.");
    const code = codes.create({
      clientId: client.clientId,
      redirectUri: query['redirect_uri'] as string,
      scopes: (query['scope'] ?? 'openid').split(' ').filter(Boolean),
      codeChallenge: query['code_challenge'],
      codeChallengeMethod: query['code_challenge_method'] ?? 'plain',
      extras: { tenantId: lookup.found.id },
    });
    const target = new URL(query['redirect_uri'] as string);
    target.searchParams.set('code', code);
    if (query['state'] !== undefined) target.searchParams.set('state', query['state']);
    return reply.redirect(target.toString(), 302);
  });

  app.post('/:tenant/oauth2/v2.0/token', async (request, reply) => {
    const segment = (request.params as { tenant: string }).tenant;
    const lookup = tenantOf(segment);
    if (!lookup.found)
      return aadstsError(
        reply,
        clock,
        400,
        'invalid_request',
        90002,
        `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    const tenant = lookup.found;
    const body = bodyObject(request.body);
    const given = clientCredentials(request.headers.authorization, body);
    const client = clientIn(tenant, given.clientId);
    if (!client)
      return aadstsError(
        reply,
        clock,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${given.clientId ?? ''}' was not found in the directory '${segment}'.`,
      );
    // A confidential client proves itself with its secret; a public one only with PKCE below.
    if (given.clientSecret !== undefined && !secretMatches(client.clientSecret, given.clientSecret))
      return aadstsError(
        reply,
        clock,
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      );
    const grantType = body['grant_type'];

    if (grantType === 'client_credentials') {
      if (given.clientSecret === undefined)
        return aadstsError(
          reply,
          clock,
          401,
          'invalid_client',
          7000218,
          "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        );
      if (lookup.multiTenant)
        return aadstsError(
          reply,
          clock,
          400,
          'invalid_request',
          90009,
          `Application '${client.clientId}' is requesting a token for itself. This scenario is supported only if the tenant is named: use a tenant ID or domain, not '${segment}'.`,
        );
      const scope = typeof body['scope'] === 'string' ? body['scope'] : '';
      if (!/^\S+\/\.default$/.test(scope))
        return aadstsError(
          reply,
          clock,
          400,
          'invalid_scope',
          1002012,
          `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        );
      const { refresh_token: _none, scope: _scope, ...appOnly } = answer(issue(tenant, client, client.clientId, [scope]));
      return reply.send(appOnly);
    }

    if (grantType === 'authorization_code') {
      const grant = codes.redeem(typeof body['code'] === 'string' ? body['code'] : undefined);
      if (!grant || grant.clientId !== client.clientId || grant.extras['tenantId'] !== tenant.id)
        return aadstsError(
          reply,
          clock,
          400,
          'invalid_grant',
          70008,
          'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
        );
      if (grant.redirectUri !== body['redirect_uri'])
        return aadstsError(
          reply,
          clock,
          400,
          'invalid_grant',
          50011,
          'The redirect URI specified in the request does not match the redirect URI used to obtain the authorization code.',
        );
      if (grant.codeChallenge && !pkceMatches(grant.codeChallenge, grant.codeChallengeMethod ?? 'plain', body['code_verifier'] as string | undefined))
        return aadstsError(
          reply,
          clock,
          400,
          'invalid_grant',
          50148,
          'The code_verifier provided does not match the code_challenge supplied in the authorization request.',
        );
      if (!grant.codeChallenge && given.clientSecret === undefined)
        return aadstsError(
          reply,
          clock,
          401,
          'invalid_client',
          7000218,
          "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        );
      const access = issue(
        tenant,
        client,
        USER_OBJECT_ID,
        grant.scopes.filter((scope) => scope !== 'offline_access'),
      );
      const refresh = grant.scopes.includes('offline_access')
        ? tokens.issue({
            kind: 'refresh',
            prefix: '0.AXsim.',
            clientId: client.clientId,
            subject: USER_OBJECT_ID,
            scopes: grant.scopes,
            familyId: access.familyId,
            attributes: { tenantId: tenant.id },
          })
        : undefined;
      return reply.send(answer(access, refresh));
    }

    if (grantType === 'refresh_token') {
      const checked = tokens.check(typeof body['refresh_token'] === 'string' ? body['refresh_token'] : undefined);
      const record = checked.record;
      if (checked.status !== 'valid' || record?.kind !== 'refresh' || record.clientId !== client.clientId || record.attributes['tenantId'] !== tenant.id)
        return aadstsError(
          reply,
          clock,
          400,
          'invalid_grant',
          70000,
          'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
        );
      // Every refresh answer carries a new refresh token; the old one stays valid until it expires.
      const next = tokens.issue({
        kind: 'refresh',
        prefix: '0.AXsim.',
        clientId: client.clientId,
        subject: record.subject,
        scopes: record.scopes,
        familyId: record.familyId,
        attributes: { tenantId: tenant.id },
      });
      return reply.send(
        answer(
          issue(
            tenant,
            client,
            record.subject,
            record.scopes.filter((scope) => scope !== 'offline_access'),
            next,
          ),
          next,
        ),
      );
    }

    return aadstsError(reply, clock, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${String(grantType ?? '')}'.`);
  });
}
