import { secretPath } from '@causeway/secrets';
import { DEFAULT_OAUTH_SERVER_CONFIG, eventually, followAuthorizationUrl, startOAuthServer, type OAuthTestServer } from '@causeway/testing';
import { findSecrets, observableChannels } from '../../apps/control-plane/test/support/connections-secret-scan';
import { PlatformHarness } from '../support/platform-harness';

/**
 * The generic OAuth 2.0 provider end to end, against a real authorization server
 * (oidc-provider in its own process): the tenant's own OAuth app found by discovery, consent
 * with PKCE S256 and a single-use state, tokens in the secret store only, an agent's raw call
 * through the data plane's proxy, a refresh when the access token expires with the refresh
 * token rotated by the provider, and revocation at the provider when the connection is deleted.
 */
describe('a generic OAuth 2.0 connection through Causeway', () => {
  const cp = new PlatformHarness();
  let oauth: OAuthTestServer;
  let tenant: Awaited<ReturnType<PlatformHarness['tenantWithOwner']>>;
  let proxyKey: string;
  let connectionId: string;
  const client = { id: DEFAULT_OAUTH_SERVER_CONFIG.clients[0].client_id, secret: DEFAULT_OAUTH_SERVER_CONFIG.clients[0].client_secret as string };
  /** Every token this flow handled, for the secret scan at the end. */
  const seenTokens: string[] = [];
  /** Error and callback bodies the test received, scanned with the rest. */
  const answers: string[] = [];

  /** RFC 7662 introspection at the authorization server: is this token still good there? */
  const isActive = async (token: string) => {
    const result = await oauth.introspect(token);
    if (!result.ok) throw new Error(`introspection failed: ${result.body.error}`);
    return result.body.active;
  };
  const stored = async (id = connectionId) =>
    (await cp.secretStore.read(secretPath.connection(tenant.tenantId, id)))?.data as Record<string, string> | undefined;
  const proxy = async (path: string, key = proxyKey) => {
    const response = await fetch(`${cp.dataPlane.url}/v1/proxy/${connectionId}/${path}`, { headers: { authorization: `Bearer ${key}` } });
    const text = await response.text();
    answers.push(text);
    return { status: response.status, text };
  };
  /** The data plane's count of refreshes that reached the provider and were stored. */
  const successfulRefreshes = async () => {
    const text = await (await fetch(`${cp.dataPlane.url}/metrics`)).text();
    return Number(/^causeway_token_refresh_total\{[^}]*outcome="success"[^}]*\} (\d+)/m.exec(text)?.[1] ?? 0);
  };
  const testConnection = async (id: string) =>
    (
      await cp.ok<{ testConnection: { ok: boolean; code: string | null; connection: { status: string } } }>(
        'mutation($id: ID!) { testConnection(id: $id) { ok code connection { status } } }',
        { id },
        tenant.token,
      )
    ).testConnection;
  const start = () =>
    cp.ok<{ startConnection: { authorizeUrl: string } }>(
      'mutation($i: StartConnectionInputModel!) { startConnection(input: $i) { authorizeUrl expiresAt } }',
      { i: { provider: 'generic_oauth2', name: 'internal API', kind: 'shared', scopes: ['openid', 'offline_access', 'api:read'] } },
      tenant.token,
    );
  const connect = async () => {
    const { startConnection } = await start();
    const callback = await followAuthorizationUrl(startConnection.authorizeUrl, `${cp.url}/oauth/callback`);
    const response = await fetch(callback, { headers: { accept: 'application/json' } });
    answers.push(await response.clone().text());
    expect(response.status).toBe(200);
    return { callback, connection: ((await response.json()) as { connection: { id: string; status: string; provider: string } }).connection };
  };

  beforeAll(async () => {
    await cp.start();
    // The callback URL is known only once the control plane listens: register it exactly.
    const [authCodeClient, ...others] = DEFAULT_OAUTH_SERVER_CONFIG.clients;
    oauth = await startOAuthServer({ ttl: { AccessToken: 3 }, clients: [{ ...authCodeClient, redirect_uris: [`${cp.url}/oauth/callback`] }, ...others] });
    tenant = await cp.tenantWithOwner('generic-oauth');
    proxyKey = (
      await cp.ok<{ createApiKey: { secret: string } }>(
        'mutation { createApiKey(input: { name: "raw", scopes: ["proxy:Connection"] }) { secret } }',
        {},
        tenant.token,
      )
    ).createApiKey.secret;
  }, 90_000);

  afterAll(async () => {
    await oauth?.stop();
    await cp.stop();
  }, 30_000);

  it("configures the tenant's own OAuth app from the issuer's discovery document", async () => {
    const configured = await cp.ok<{ configureOAuthApp: { provider: string; clientId: string; hasClientSecret: boolean } }>(
      'mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider clientId hasClientSecret } }',
      { i: { provider: 'generic_oauth2', clientId: client.id, clientSecret: client.secret, issuer: oauth.issuer } },
      tenant.token,
    );
    expect(configured.configureOAuthApp).toEqual({ provider: 'generic_oauth2', clientId: client.id, hasClientSecret: true });
    const secret = await cp.secretStore.read(secretPath.oauthApp(tenant.tenantId, 'generic_oauth2'));
    expect(secret?.data).toMatchObject({ clientSecret: client.secret, tokenUrl: oauth.tokenEndpoint, revokeUrl: oauth.revocationEndpoint });
  });

  it('refuses an issuer whose metadata cannot be found, naming the field', async () => {
    const result = await cp.gql(
      'mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider } }',
      { i: { provider: 'generic_oauth2', clientId: 'x', clientSecret: 'not-used-anywhere', issuer: `${oauth.issuer}/not-an-issuer` } },
      tenant.token,
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'issuer' });
  });

  it('starts a consent with PKCE S256 and a state, at the authorization server the app names', async () => {
    const { startConnection } = await start();
    const url = new URL(startConnection.authorizeUrl);
    expect(url.origin + url.pathname).toBe(oauth.authorizationEndpoint);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(url.searchParams.get('redirect_uri')).toBe(`${cp.url}/oauth/callback`);
  });

  it('lands on /oauth/callback, stores the tokens in the secret store only, and refuses the same state twice', async () => {
    const { callback, connection } = await connect();
    connectionId = connection.id;
    expect(connection).toMatchObject({ provider: 'generic_oauth2', status: 'active' });
    const replay = await fetch(callback, { headers: { accept: 'application/json' } });
    answers.push(await replay.clone().text());
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: { field: string } }).error.field).toBe('state');

    const credential = await stored();
    expect(credential).toMatchObject({
      kind: 'token',
      authMode: 'oauth2',
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresAt: expect.any(String),
    });
    seenTokens.push(credential!.accessToken, credential!.refreshToken);
    expect((await oauth.introspect(credential!.accessToken)).body).toMatchObject({ active: true, client_id: client.id, sub: 'test-user' });
    const rows = await cp.dataSourceQuery('SELECT * FROM control_plane.connections WHERE id = $1', [connectionId]);
    expect(JSON.stringify(rows)).not.toContain(credential!.accessToken);
  });

  it("tests the connection at the server's userinfo endpoint, since there are no actions to call", async () => {
    const result = await testConnection(connectionId);
    expect(result).toEqual({ ok: true, code: null, connection: { status: 'active' } });
  });

  it("calls the server's userinfo endpoint through the proxy with the stored access token", async () => {
    await eventually(() => cp.dataPlane.configView.connection(tenant.tenantId, connectionId), { what: 'the connection in the data plane' });
    const userinfo = new URL(oauth.userinfoEndpoint).pathname.slice(1);
    const answer = await eventually(
      async () => {
        const result = await proxy(userinfo);
        return result.status === 200 ? result : undefined;
      },
      { what: 'a 200 from the proxied userinfo call' },
    );
    expect(JSON.parse(answer.text)).toMatchObject({ sub: 'test-user' });
  });

  it('does not proxy for a key without proxy:Connection', async () => {
    const key = (
      await cp.ok<{ createApiKey: { secret: string } }>(
        'mutation { createApiKey(input: { name: "tools-only", scopes: ["call:Tool"] }) { secret } }',
        {},
        tenant.token,
      )
    ).createApiKey.secret;
    const result = await eventually(async () => {
      const r = await proxy('me', key);
      return r.status === 401 ? undefined : r;
    });
    expect(result.status).toBe(403);
  });

  it('refreshes once the access token expires, and the provider rotates the refresh token', async () => {
    const before = (await stored())!;
    await eventually(async () => ((await isActive(before.accessToken)) === false ? true : undefined), {
      timeoutMs: 10_000,
      what: 'the first access token to expire',
    });
    const refreshesBefore = await successfulRefreshes();
    const result = await proxy(new URL(oauth.userinfoEndpoint).pathname.slice(1));
    expect(result.status).toBe(200);
    expect((await successfulRefreshes()) - refreshesBefore).toBe(1);

    const after = (await stored())!;
    seenTokens.push(after.accessToken, after.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.refreshedAt).toEqual(expect.any(String));
    // Introspection, not a refresh attempt: reusing a rotated refresh token would make
    // oidc-provider revoke the whole grant (replay detection).
    expect(await isActive(before.refreshToken)).toBe(false);
    expect(await isActive(after.refreshToken)).toBe(true);
    expect(await isActive(after.accessToken)).toBe(true);
  });

  it('revokes the grant at the provider on deleteConnection, removes the secret, and records the outcome', async () => {
    const tokens = (await stored())!;
    expect(await cp.ok('mutation($id: ID!) { deleteConnection(id: $id) }', { id: connectionId }, tenant.token)).toEqual({ deleteConnection: true });
    expect(await isActive(tokens.refreshToken)).toBe(false);
    expect(await isActive(tokens.accessToken)).toBe(false);
    expect(await stored()).toBeUndefined();
    const deleted = await eventually(() =>
      cp.events
        .map((e) => e.value as { action?: string; target?: { id: string }; details?: { after?: unknown } })
        .find((e) => e.action === 'connection.deleted' && e.target?.id === connectionId),
    );
    expect(deleted.details?.after).toEqual({ providerRevocation: { outcome: 'revoked', token: 'refresh_token' } });
    await eventually(async () => ((await proxy('me')).status === 404 ? true : undefined), { what: 'the proxy to forget the connection' });
  });

  it('deletes the connection even when revocation fails, and says so in the audit trail and the log', async () => {
    const { connection } = await connect();
    connectionId = connection.id;
    const credential = (await stored())!;
    seenTokens.push(credential.accessToken, credential.refreshToken);
    // The revocation endpoint moves somewhere nothing listens.
    await cp.ok(
      'mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider } }',
      { i: { provider: 'generic_oauth2', clientId: client.id, clientSecret: client.secret, issuer: oauth.issuer, revokeUrl: 'http://127.0.0.1:9/revoke' } },
      tenant.token,
    );
    expect(await cp.ok('mutation($id: ID!) { deleteConnection(id: $id) }', { id: connectionId }, tenant.token)).toEqual({ deleteConnection: true });
    expect(await stored()).toBeUndefined();
    const deleted = await eventually(() =>
      cp.events
        .map(
          (e) => e.value as { action?: string; target?: { id: string }; details?: { after?: { providerRevocation?: { outcome: string; reason?: string } } } },
        )
        .find((e) => e.action === 'connection.deleted' && e.target?.id === connectionId),
    );
    expect(deleted.details?.after?.providerRevocation).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('unreachable') });
    expect(cp.logs.some((line) => line.includes(connectionId) && line.includes('revocation failed'))).toBe(true);
    // Nothing revoked it: the grant is still alive at the provider, which is what was reported.
    expect(await isActive(credential.refreshToken)).toBe(true);
  });

  it('marks the connection needs_reauth when the provider has revoked the grant behind our back', async () => {
    const { connection } = await connect();
    const credential = (await stored(connection.id))!;
    seenTokens.push(credential.accessToken, credential.refreshToken);
    expect((await oauth.revoke(credential.refreshToken)).ok).toBe(true);
    expect(await testConnection(connection.id)).toEqual({ ok: false, code: 'needs_reauth', connection: { status: 'needs_reauth' } });
  });

  it('leaks no token or client secret into logs, errors, events, metrics or GraphQL responses', async () => {
    expect(seenTokens.length).toBeGreaterThanOrEqual(6);
    const channels = await observableChannels(cp, [cp.url, cp.dataPlane.url], { answers });
    expect(channels.logs.length).toBeGreaterThan(0);
    expect(channels.metrics).toContain('causeway_');
    // The scan itself must be able to see a leak, in any of the spellings it checks.
    const planted = seenTokens.find(Boolean)!;
    expect(findSecrets({ planted: `Authorization: Bearer ${encodeURIComponent(planted)}` }, [planted])).toHaveLength(1);
    expect(findSecrets(channels, [...seenTokens, client.secret])).toEqual([]);
  });
});
