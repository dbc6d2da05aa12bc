import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { secretPath } from '@causeway/secrets';
import { DEFAULT_CLIENT, ManualClock, startMicrosoftSimulator, startSalesforceSimulator } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { PlatformHarness } from '../support/platform-harness';

/**
 * Connections whose tokens are minted, not consented (Microsoft client credentials, Salesforce
 * JWT bearer), end to end: the control plane mints at connect, an agent's raw call goes through
 * the data plane with that token, and when the vendor's clock runs past the token's lifetime the
 * data plane mints a new one (no refresh token exists) and the call succeeds.
 */
describe('minted-token connections through the data plane', () => {
  const cp = new PlatformHarness();
  // Microsoft's clock, started at real time so the stored expiry means the same to both sides.
  const clock = new ManualClock(Date.now());
  let microsoft: Awaited<ReturnType<typeof startMicrosoftSimulator>>;
  let salesforce: Awaited<ReturnType<typeof startSalesforceSimulator>>;
  let tenant: Awaited<ReturnType<PlatformHarness['tenantWithOwner']>>;
  let proxyKey: string;

  beforeAll(async () => {
    microsoft = await startMicrosoftSimulator({ clock });
    // Salesforce checks assertion expiry against its clock, which must stay on real time.
    salesforce = await startSalesforceSimulator();
    await cp.start();
    tenant = await cp.tenantWithOwner('minted');
    for (const [provider, endpoints] of [
      ['microsoft_teams', { tokenUrl: `${microsoft.url}/{tenant}/oauth2/v2.0/token`, authorizeUrl: `${microsoft.url}/{tenant}/oauth2/v2.0/authorize` }],
      ['salesforce', { tokenUrl: `${salesforce.url}/services/oauth2/token` }],
    ] as const) {
      await cp.ok(
        'mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider } }',
        { i: { provider, clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, ...endpoints } },
        tenant.token,
      );
    }
    proxyKey = (
      await cp.ok<{ createApiKey: { secret: string } }>(
        'mutation { createApiKey(input: { name: "raw", scopes: ["proxy:Connection"] }) { secret } }',
        {},
        tenant.token,
      )
    ).createApiKey.secret;
  }, 90_000);

  afterAll(async () => {
    await cp.stop();
    await microsoft.stop();
    await salesforce.stop();
  }, 30_000);

  const create = async (input: Record<string, unknown>) =>
    (
      await cp.ok<{ createConnection: { id: string } }>(
        'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id } }',
        { i: { kind: 'shared', ...input } },
        tenant.token,
      )
    ).createConnection.id;
  const proxy = async (connectionId: string, path: string) => {
    const response = await fetch(`${cp.dataPlane.url}/v1/proxy/${connectionId}/${path}`, { headers: { authorization: `Bearer ${proxyKey}` } });
    return { status: response.status, text: await response.text() };
  };
  const stored = async (id: string) => (await cp.secretStore.read(secretPath.connection(tenant.tenantId, id)))?.data ?? {};
  const refreshes = async () => {
    const text = await (await fetch(`${cp.dataPlane.url}/metrics`)).text();
    return Number(/^causeway_token_refresh_total\{[^}]*outcome="success"[^}]*\} (\d+)/m.exec(text)?.[1] ?? 0);
  };

  it('calls Microsoft Graph with the app-only token, and mints a new one once the old has expired', async () => {
    const id = await create({
      provider: 'microsoft_teams',
      name: 'Contoso app-only',
      authMode: 'client_credentials',
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
      params: JSON.stringify({ tenant: 'contoso.onmicrosoft.com' }),
      serverOverrides: JSON.stringify({ default: `${microsoft.url}/v1.0` }),
    });
    await eventually(() => cp.dataPlane.configView.connection(tenant.tenantId, id), { what: 'the connection in the data plane' });
    const first = await proxy(id, 'teams');
    expect(first.status).toBe(200);
    expect(first.text).toContain('Engineering');
    const minted = (await stored(id))['accessToken'];

    const before = await refreshes();
    clock.advance(3600_000);
    const after = await proxy(id, 'teams');
    expect(after.status).toBe(200);
    expect((await stored(id))['accessToken']).not.toBe(minted);
    expect(await refreshes()).toBeGreaterThan(before);
    expect(after.text).not.toContain(DEFAULT_CLIENT.clientSecret);
  });

  it("refreshes a per-tenant Teams consent at the tenant's own token endpoint, stored with the tokens", async () => {
    const { startConnection } = await cp.ok<{ startConnection: { authorizeUrl: string } }>(
      'mutation($i: StartConnectionInputModel!) { startConnection(input: $i) { authorizeUrl } }',
      {
        i: {
          provider: 'microsoft_teams',
          name: 'Contoso delegated',
          kind: 'shared',
          scopes: ['offline_access', 'Team.ReadBasic.All'],
          params: JSON.stringify({ tenant: 'contoso.onmicrosoft.com' }),
          serverOverrides: JSON.stringify({ default: `${microsoft.url}/v1.0` }),
        },
      },
      tenant.token,
    );
    const approval = await fetch(startConnection.authorizeUrl, { redirect: 'manual' });
    const callback = await fetch(approval.headers.get('location')!, { headers: { accept: 'application/json' } });
    expect(callback.status).toBe(200);
    const id = ((await callback.json()) as { connection: { id: string } }).connection.id;
    await eventually(() => cp.dataPlane.configView.connection(tenant.tenantId, id), { what: 'the connection in the data plane' });
    expect((await proxy(id, 'me/joinedTeams')).status).toBe(200);
    const consented = await stored(id);

    clock.advance(3600_000);
    expect((await proxy(id, 'me/joinedTeams')).status).toBe(200);
    const refreshed = await stored(id);
    expect(refreshed['accessToken']).not.toBe(consented['accessToken']);
    // Entra ID hands out a new refresh token each time; it was taken at the tenant's endpoint.
    expect(refreshed['refreshToken']).not.toBe(consented['refreshToken']);
    expect(refreshed['tokenUrl']).toBe(`${microsoft.url}/contoso.onmicrosoft.com/oauth2/v2.0/token`);
  });

  it('queries Salesforce with the JWT-bearer token and signs a new assertion when the session ends', async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    salesforce.control.trustJwtKey(await exportSPKI(pair.publicKey));
    const id = await create({
      provider: 'salesforce',
      name: 'integration user',
      authMode: 'jwt_bearer',
      clientId: DEFAULT_CLIENT.clientId,
      privateKey: await exportPKCS8(pair.privateKey),
      subject: 'ada@causeway-demo.example',
    });
    await eventually(() => cp.dataPlane.configView.connection(tenant.tenantId, id), { what: 'the connection in the data plane' });
    const query = `query?q=${encodeURIComponent('SELECT Id FROM Account LIMIT 1')}`;
    expect((await proxy(id, query)).status).toBe(200);
    const minted = (await stored(id))['accessToken'];
    // The org's session ends: Salesforce says so only with 401 INVALID_SESSION_ID.
    expect(salesforce.control.expireTokens(minted)).toBe(1);
    expect((await proxy(id, query)).status).toBe(200);
    expect((await stored(id))['accessToken']).not.toBe(minted);
  });
});
