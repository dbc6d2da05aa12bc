import { OAuthFlowError, startOAuthServer, type OAuthResult, type OAuthTestServer } from './index';

/** Polls until `check` passes; short TTL tests wait only as long as they must. */
async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

function errorOf(result: OAuthResult<unknown>): { status: number; error: string | undefined } {
  return { status: result.status, error: result.ok ? undefined : result.body.error };
}

describe('OAuth test server', () => {
  let server: OAuthTestServer;

  beforeAll(async () => {
    server = await startOAuthServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('serves a discovery document naming its endpoints', async () => {
    const response = await fetch(`${server.url}/.well-known/openid-configuration`);
    const discovery = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(200);
    expect(discovery).toMatchObject({
      issuer: server.issuer,
      token_endpoint: server.tokenEndpoint,
      revocation_endpoint: server.revocationEndpoint,
      introspection_endpoint: server.introspectionEndpoint,
      code_challenge_methods_supported: ['S256'],
    });
    expect(discovery.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']));
  });

  describe('authorization code with PKCE', () => {
    it('yields an access token and a refresh token for the signed-in account', async () => {
      const { tokens } = await server.authorizeWithPkce();

      expect(tokens).toMatchObject({
        token_type: 'Bearer',
        access_token: expect.any(String),
        refresh_token: expect.any(String),
      });
      const introspection = await server.introspect(tokens.access_token);
      expect(introspection.body).toMatchObject({
        active: true,
        sub: 'test-user',
        client_id: 'test-auth-code-client',
      });
    });

    it('issues a refresh token even without offline_access (refreshTokens: "always", the default)', async () => {
      const { tokens } = await server.authorizeWithPkce({ scope: 'openid' });

      expect(tokens.refresh_token).toEqual(expect.any(String));
    });

    it('signs in the account the test names', async () => {
      const { tokens } = await server.authorizeWithPkce({
        accountId: 'alice@acme.test',
        scope: 'openid email',
      });

      const userinfo = await fetch(server.userinfoEndpoint, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(await userinfo.json()).toMatchObject({
        sub: 'alice@acme.test',
        email: 'alice@acme.test',
      });
    });

    it('refuses an authorization request without a code_challenge', async () => {
      const refused = server.authorize({ pkce: false });

      await expect(refused).rejects.toBeInstanceOf(OAuthFlowError);
      await expect(refused).rejects.toMatchObject({ oauthError: { error: 'invalid_request' } });
    });

    it('refuses a wrong code_verifier with invalid_grant', async () => {
      const authorization = await server.authorize();

      const exchange = await server.exchangeCode(authorization, { codeVerifier: 'x'.repeat(43) });

      expect(errorOf(exchange)).toEqual({ status: 400, error: 'invalid_grant' });
    });

    it('accepts a code only once, and revokes what the first exchange issued', async () => {
      const authorization = await server.authorize();
      const first = await server.exchangeCode(authorization);
      if (!first.ok) throw new Error(`first exchange failed: ${first.body.error}`);

      const second = await server.exchangeCode(authorization);

      expect(errorOf(second)).toEqual({ status: 400, error: 'invalid_grant' });
      expect((await server.introspect(first.body.access_token)).body).toEqual({ active: false });
    });

    it('reports a denied request as access_denied at the redirect URI', async () => {
      await expect(server.authorize({ deny: true })).rejects.toMatchObject({
        oauthError: { error: 'access_denied' },
      });
    });
  });

  describe('refresh', () => {
    it('returns a new refresh token and refuses the old one afterwards (rotation)', async () => {
      const { tokens } = await server.authorizeWithPkce();

      const refreshed = await server.refresh(tokens.refresh_token!);
      if (!refreshed.ok) throw new Error(`refresh failed: ${refreshed.body.error}`);
      expect(refreshed.body.refresh_token).toEqual(expect.any(String));
      expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);

      const reuse = await server.refresh(tokens.refresh_token!);
      expect(errorOf(reuse)).toEqual({ status: 400, error: 'invalid_grant' });
    });

    it('treats reuse of a rotated refresh token as replay and revokes the newer one too', async () => {
      const { tokens } = await server.authorizeWithPkce();
      const refreshed = await server.refresh(tokens.refresh_token!);
      if (!refreshed.ok) throw new Error(`refresh failed: ${refreshed.body.error}`);

      await server.refresh(tokens.refresh_token!);

      expect(errorOf(await server.refresh(refreshed.body.refresh_token!))).toEqual({
        status: 400,
        error: 'invalid_grant',
      });
    });
  });

  describe('revocation', () => {
    it('refuses a refresh token after it was revoked', async () => {
      const { tokens } = await server.authorizeWithPkce();

      const revocation = await server.revoke(tokens.refresh_token!, undefined, 'refresh_token');
      expect(revocation.status).toBe(200);

      expect(errorOf(await server.refresh(tokens.refresh_token!))).toEqual({
        status: 400,
        error: 'invalid_grant',
      });
    });

    it('also revokes the refresh token when an access token of the same grant is revoked', async () => {
      const { tokens } = await server.authorizeWithPkce();

      await server.revoke(tokens.access_token, undefined, 'access_token');

      expect(errorOf(await server.refresh(tokens.refresh_token!))).toEqual({
        status: 400,
        error: 'invalid_grant',
      });
    });
  });

  describe('client credentials', () => {
    it('yields an access token and no refresh token', async () => {
      const grant = await server.clientCredentialsGrant({ scope: 'api:read' });
      if (!grant.ok) throw new Error(`client_credentials failed: ${grant.body.error}`);

      expect(grant.body).toMatchObject({
        token_type: 'Bearer',
        access_token: expect.any(String),
        scope: 'api:read',
      });
      expect(grant.body.refresh_token).toBeUndefined();
      const introspection = await server.introspect(grant.body.access_token, server.credentials('test-service-client'));
      expect(introspection.body).toMatchObject({ active: true, client_id: 'test-service-client' });
    });
  });

  describe('client authentication', () => {
    it('refuses a wrong client secret with invalid_client', async () => {
      const wrongSecret = {
        ...server.credentials('test-service-client'),
        clientSecret: 'not-the-secret',
      };

      const grant = await server.clientCredentialsGrant({ client: wrongSecret });

      expect(errorOf(grant)).toEqual({ status: 401, error: 'invalid_client' });
    });
  });
});

describe('OAuth test server with short lifetimes', () => {
  let server: OAuthTestServer;

  beforeAll(async () => {
    server = await startOAuthServer({
      ttl: { AccessToken: 2, ClientCredentials: 2 },
      refreshTokens: 'offline_access',
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('reports an access token inactive once its TTL has passed', async () => {
    const { tokens } = await server.authorizeWithPkce();
    expect(await server.introspect(tokens.access_token)).toMatchObject({
      ok: true,
      body: { active: true },
    });

    const later = await eventually(
      () => server.introspect(tokens.access_token),
      (result) => result.ok && !result.body.active,
    );

    expect(later.body).toEqual({ active: false });
  });

  it('reports a client credentials token inactive once its TTL has passed', async () => {
    const service = server.credentials('test-service-client');
    const grant = await server.clientCredentialsGrant();
    if (!grant.ok) throw new Error(`client_credentials failed: ${grant.body.error}`);

    const later = await eventually(
      () => server.introspect(grant.body.access_token, service),
      (result) => result.ok && !result.body.active,
    );

    expect(later.body).toEqual({ active: false });
  });

  it('issues a refresh token only when offline_access is granted (refreshTokens: "offline_access")', async () => {
    const withoutOffline = await server.authorizeWithPkce({ scope: 'openid' });
    const withOffline = await server.authorizeWithPkce({ scope: 'openid offline_access' });

    expect(withoutOffline.tokens.refresh_token).toBeUndefined();
    expect(withOffline.tokens.refresh_token).toEqual(expect.any(String));
  });
});
