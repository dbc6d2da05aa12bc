import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { secretPath } from '@causeway/secrets';
import { DEFAULT_CLIENT, startMicrosoftSimulator, startSalesforceSimulator } from '@causeway/simulators';
import { ControlPlaneHarness } from './support/control-plane-harness';

type Sim = Awaited<ReturnType<typeof startMicrosoftSimulator>>;
type Salesforce = Awaited<ReturnType<typeof startSalesforceSimulator>>;

/**
 * Providers whose authorization server is per tenant (Microsoft Entra ID `/{tenant}/`), and the
 * modes that mint tokens from a stored credential (Microsoft client credentials, Salesforce JWT
 * bearer), against the Microsoft identity and Salesforce simulators.
 */
describe('per-tenant OAuth and minted-token connections', () => {
  const cp = new ControlPlaneHarness();
  let microsoft: Sim;
  let salesforce: Salesforce;
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let privateKey: string;

  beforeAll(async () => {
    microsoft = await startMicrosoftSimulator();
    salesforce = await startSalesforceSimulator();
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = await exportPKCS8(pair.privateKey);
    salesforce.control.trustJwtKey(await exportSPKI(pair.publicKey));
    await cp.start();
    acme = await cp.tenantWithOwner('tenant-oauth-acme');
    // The operator points the vendors' endpoints at the simulators; the {tenant} placeholder stays.
    await configureApp('microsoft_teams', {
      authorizeUrl: `${microsoft.url}/{tenant}/oauth2/v2.0/authorize`,
      tokenUrl: `${microsoft.url}/{tenant}/oauth2/v2.0/token`,
    });
    await configureApp('salesforce', { tokenUrl: `${salesforce.url}/services/oauth2/token` });
  }, 60_000);

  afterAll(async () => {
    await cp.stop();
    await microsoft.stop();
    await salesforce.stop();
  });

  function configureApp(provider: string, endpoints: Record<string, string>) {
    return cp.ok(
      'mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider } }',
      { i: { provider, clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, ...endpoints } },
      acme.token,
    );
  }

  const start = (params: Record<string, unknown>) =>
    cp.gql<{ startConnection: { authorizeUrl: string } }>(
      'mutation($i: StartConnectionInputModel!) { startConnection(input: $i) { authorizeUrl expiresAt } }',
      {
        i: {
          provider: 'microsoft_teams',
          name: 'Contoso Teams',
          kind: 'shared',
          scopes: ['offline_access', 'Team.ReadBasic.All'],
          params: JSON.stringify(params),
          serverOverrides: JSON.stringify({ default: `${microsoft.url}/v1.0` }),
        },
      },
      acme.token,
    );

  const create = (input: Record<string, unknown>) =>
    cp.gql<{ createConnection: { id: string; status: string; scopes: string[]; credentialExpiresAt: string | null } }>(
      'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id status scopes credentialExpiresAt } }',
      { i: { kind: 'shared', ...input } },
      acme.token,
    );

  const storedCredential = async (id: string) => (await cp.secretStore.read(secretPath.connection(acme.tenantId, id)))?.data ?? {};

  it("connects Microsoft Teams through the tenant's own authorization server and keeps its token endpoint for refreshes", async () => {
    const started = await start({ tenant: 'contoso.onmicrosoft.com' });
    expect(started.errors).toBeUndefined();
    const authorize = new URL(started.data!.startConnection.authorizeUrl);
    expect(authorize.pathname).toBe('/contoso.onmicrosoft.com/oauth2/v2.0/authorize');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');

    const approval = await fetch(authorize, { redirect: 'manual' });
    expect(approval.status).toBe(302);
    const response = await fetch(approval.headers.get('location')!, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    const { connection } = (await response.json()) as { connection: { id: string; status: string } };
    expect(connection.status).toBe('active');

    const stored = await storedCredential(connection.id);
    expect(stored).toMatchObject({ kind: 'token', tokenUrl: `${microsoft.url}/contoso.onmicrosoft.com/oauth2/v2.0/token` });
    expect(stored['refreshToken']).toBeDefined();
    const graph = await fetch(`${microsoft.url}/v1.0/me/joinedTeams`, { headers: { authorization: `Bearer ${stored['accessToken']}` } });
    expect(graph.status).toBe(200);
    expect(cp.everythingObservable()).not.toContain(stored['accessToken']);
  });

  it.each([
    [{}, 'params.tenant', /required/],
    [{ tenant: 'evil.com/' }, 'params.tenant', /documented form/],
    [{ tenant: 'a@b' }, 'params.tenant', /documented form/],
    [{ tenant: '..' }, 'params.tenant', /documented form|dot segment/],
    [{ tenant: '%2F' }, 'params.tenant', /documented form/],
    [{ tenant: 'x'.repeat(300) }, 'params.tenant', /at most 253/],
    [{ tenant: 'contoso.onmicrosoft.com', tokenUrl: 'https://evil.example/token' }, 'params.tokenUrl', /takes no parameter/],
  ])('refuses the consent parameters %j with a 400 naming %s', async (params, field, message) => {
    const started = await start(params);
    expect(started.errors?.[0]?.extensions).toEqual({ code: 'INVALID_INPUT', field });
    expect(started.errors?.[0]?.message).toMatch(message);
  });

  it('connects Microsoft Graph app-only with client credentials: a token is minted at once and the secret stays in the store', async () => {
    const created = await create({
      provider: 'microsoft_teams',
      name: 'Contoso app-only',
      authMode: 'client_credentials',
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: DEFAULT_CLIENT.clientSecret,
      params: JSON.stringify({ tenant: 'contoso.onmicrosoft.com' }),
      serverOverrides: JSON.stringify({ default: `${microsoft.url}/v1.0` }),
    });
    expect(created.errors).toBeUndefined();
    const connection = created.data!.createConnection;
    expect(connection.status).toBe('active');
    expect(connection.credentialExpiresAt).not.toBeNull();
    const stored = await storedCredential(connection.id);
    expect(stored).toMatchObject({ kind: 'minted', authMode: 'client_credentials', tokenUrl: `${microsoft.url}/contoso.onmicrosoft.com/oauth2/v2.0/token` });
    expect((await fetch(`${microsoft.url}/v1.0/teams`, { headers: { authorization: `Bearer ${stored['accessToken']}` } })).status).toBe(200);
    const observable = cp.everythingObservable();
    expect(observable).not.toContain(stored['accessToken']);
    expect(observable).not.toContain(DEFAULT_CLIENT.clientSecret);
  });

  it("refuses a wrong client secret with the vendor's reason, naming clientSecret, and stores nothing", async () => {
    const before = (await cp.gql<{ connections: { edges: unknown[] } }>('{ connections(first: 100) { edges { node { id } } } }', {}, acme.token)).data!
      .connections.edges.length;
    const refused = await create({
      provider: 'microsoft_teams',
      name: 'wrong secret',
      authMode: 'client_credentials',
      clientId: DEFAULT_CLIENT.clientId,
      clientSecret: 'not-the-secret-value',
      params: JSON.stringify({ tenant: 'contoso.onmicrosoft.com' }),
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_INVALID_REQUEST', field: 'clientSecret' });
    expect(refused.errors?.[0]?.message).toContain('AADSTS7000215');
    const after = (await cp.gql<{ connections: { edges: unknown[] } }>('{ connections(first: 100) { edges { node { id } } } }', {}, acme.token)).data!
      .connections.edges.length;
    expect(after).toBe(before);
    expect(cp.everythingObservable()).not.toContain('not-the-secret-value');
  });

  it('connects Salesforce with the JWT bearer flow: the instance URL comes from the token answer and a query works', async () => {
    const created = await create({
      provider: 'salesforce',
      name: 'integration user',
      authMode: 'jwt_bearer',
      clientId: DEFAULT_CLIENT.clientId,
      privateKey,
      subject: 'ada@causeway-demo.example',
    });
    expect(created.errors).toBeUndefined();
    const id = created.data!.createConnection.id;
    expect(await storedCredential(id)).toMatchObject({ kind: 'minted', authMode: 'jwt_bearer', subject: 'ada@causeway-demo.example' });
    const test = await cp.ok<{ testConnection: { ok: boolean; connection: { status: string } } }>(
      'mutation($id: ID!) { testConnection(id: $id) { ok code message connection { status } } }',
      { id },
      acme.token,
    );
    expect(test.testConnection).toMatchObject({ ok: true, connection: { status: 'active' } });
    expect(cp.everythingObservable()).not.toContain('PRIVATE KEY');
  });

  it('refuses a JWT bearer connection for a user the connected app has not pre-authorized', async () => {
    const refused = await create({
      provider: 'salesforce',
      name: 'stranger',
      authMode: 'jwt_bearer',
      clientId: DEFAULT_CLIENT.clientId,
      privateKey,
      subject: 'mallory@acme.example',
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UPSTREAM_INVALID_REQUEST');
    expect(refused.errors?.[0]?.message).toContain("user hasn't approved this consumer");
  });

  it('says which fields and parameters each minting and per-tenant mode needs', async () => {
    const { providers } = await cp.ok<{
      providers: {
        id: string;
        params: { name: string; pattern: string | null }[];
        authModes: { id: string; connectWith: string; credentialFields: string[]; params: string[] }[];
      }[];
    }>('{ providers { id params { name pattern } authModes { id connectWith credentialFields params } } }', {}, acme.token);
    const teams = providers.find((p) => p.id === 'microsoft_teams')!;
    expect(teams.authModes).toEqual([
      { id: 'oauth2', connectWith: 'oauth_consent', credentialFields: [], params: ['tenant'] },
      { id: 'client_credentials', connectWith: 'credential_form', credentialFields: ['clientId', 'clientSecret'], params: ['tenant'] },
    ]);
    expect(teams.params[0]).toMatchObject({ name: 'tenant', pattern: expect.any(String) });
    const salesforceModes = providers.find((p) => p.id === 'salesforce')!.authModes;
    expect(salesforceModes.find((m) => m.id === 'jwt_bearer')).toEqual({
      id: 'jwt_bearer',
      connectWith: 'credential_form',
      credentialFields: ['clientId', 'privateKey', 'subject'],
      params: [],
    });
    expect(providers.flatMap((p) => p.authModes).filter((m) => m.connectWith === 'unsupported')).toEqual([]);
  });
});
