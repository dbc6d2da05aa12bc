import { DEFAULT_CLIENT, startAllSimulators, type AllSimulators } from '@causeway/simulators';
import { secretPath } from '@causeway/secrets';
import { findSecrets, observableChannels } from './support/connections-secret-scan';
import { ControlPlaneHarness } from './support/control-plane-harness';

/**
 * Connections against the vendor simulators: credentials go to the secret store only, the
 * OAuth consent's state is single-use and tenant-bound, and admins see metadata, never values.
 */
describe('connections', () => {
  const cp = new ControlPlaneHarness();
  let sims: AllSimulators;
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let other: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;

  beforeAll(async () => {
    sims = await startAllSimulators();
    await cp.start();
    acme = await cp.tenantWithOwner('conn-acme');
    other = await cp.tenantWithOwner('conn-other');
  }, 60_000);

  afterAll(async () => {
    await cp.stop();
    await sims.stop();
  });

  const configureApp = (token: string, provider: 'slack' | 'jira') =>
    cp.ok(
      `mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider clientId hasClientSecret } }`,
      {
        i: {
          provider,
          clientId: DEFAULT_CLIENT.clientId,
          clientSecret: DEFAULT_CLIENT.clientSecret,
          authorizeUrl: sims.wiring[provider].oauth.authorizeUrl,
          tokenUrl: sims.wiring[provider].oauth.tokenUrl,
          ...(sims.wiring[provider].oauth.discoveryUrl ? { discoveryUrl: sims.wiring[provider].oauth.discoveryUrl } : {}),
        },
      },
      token,
    );

  const start = (token: string, provider: 'slack' | 'jira', scopes: string[]) =>
    cp.ok<{ startConnection: { authorizeUrl: string } }>(
      'mutation($i: StartConnectionInputModel!) { startConnection(input: $i) { authorizeUrl expiresAt } }',
      { i: { provider, name: `${provider} workspace`, kind: 'shared', scopes, serverOverrides: JSON.stringify(sims.wiring[provider].serverOverrides) } },
      token,
    );

  /** Plays the user's browser: the simulator approves at once and redirects to our callback. */
  const consent = async (authorizeUrl: string) => {
    const approval = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(approval.status).toBe(302);
    const callback = approval.headers.get('location')!;
    expect(callback.startsWith(`${cp.url}/oauth/callback?`)).toBe(true);
    return callback;
  };

  it('connects Slack through OAuth with PKCE and keeps the tokens in the secret store only', async () => {
    await configureApp(acme.token, 'slack');
    const { startConnection } = await start(acme.token, 'slack', ['chat:write', 'channels:read']);
    const authorize = new URL(startConnection.authorizeUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const callback = await consent(startConnection.authorizeUrl);
    const response = await fetch(callback, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    const { connection } = (await response.json()) as { connection: { id: string; status: string } };
    expect(connection.status).toBe('active');

    const stored = await cp.secretStore.read(secretPath.connection(acme.tenantId, connection.id));
    expect(stored?.data.accessToken).toMatch(/^xox/);
    const listing = await cp.gql('{ connections { edges { node { id provider status kind credentialCreatedAt credentialTooOld } } } }', {}, acme.token);
    expect(listing.raw).toContain(connection.id);
    expect(listing.raw).not.toContain(stored!.data.accessToken);
    expect(cp.everythingObservable()).not.toContain(stored!.data.accessToken);
    expect(cp.everythingObservable()).not.toContain(DEFAULT_CLIENT.clientSecret);
  });

  it('refuses a replayed callback: the state is single-use', async () => {
    const { startConnection } = await start(acme.token, 'slack', ['chat:write']);
    const callback = await consent(startConnection.authorizeUrl);
    expect((await fetch(callback, { headers: { accept: 'application/json' } })).status).toBe(200);
    const replay = await fetch(callback, { headers: { accept: 'application/json' } });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: { code: string; field: string } }).error).toMatchObject({ code: 'invalid_input', field: 'state' });
  });

  it('discovers the Jira cloudId after consent (Atlassian accessible-resources)', async () => {
    await configureApp(acme.token, 'jira');
    const { startConnection } = await start(acme.token, 'jira', ['read:jira-work', 'offline_access']);
    const authorize = new URL(startConnection.authorizeUrl);
    expect(authorize.searchParams.get('audience')).toBe('api.atlassian.com');
    const response = await fetch(await consent(startConnection.authorizeUrl), { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    const { connection } = (await response.json()) as { connection: { id: string } };
    const test = await cp.ok<{ testConnection: { ok: boolean; connection: { status: string } } }>(
      'mutation($id: ID!) { testConnection(id: $id) { ok code message connection { status } } }',
      { id: connection.id },
      acme.token,
    );
    expect(test.testConnection).toEqual({ ok: true, code: null, message: null, connection: { status: 'active' } });
  });

  it('stores an API-key connection, tests it, and marks a revoked token needs_reauth', async () => {
    const token = 'xoxb-static-token-for-a-mode-that-takes-none';
    const created = await cp
      .ok<{ createConnection: { id: string; status: string } }>(
        'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id status } }',
        { i: { provider: 'slack', name: 'bot', kind: 'shared', authMode: 'oauth2', token } },
        acme.token,
      )
      .catch((error: Error) => ({ error }));
    // Slack only offers OAuth modes: a static token is refused, naming the field.
    expect('error' in created && created.error.message).toContain('startConnection');
  });

  it('connects a PostgreSQL database with a role and password, kept in the secret store only', async () => {
    const params = JSON.stringify({ host: 'db.acme.example', port: '5432', database: 'analytics', sslmode: 'verify-full' });
    const input = { provider: 'postgresql', name: 'analytics', kind: 'shared', authMode: 'password', params };
    const refused = await cp
      .ok('mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id } }', { i: { ...input, username: 'agent_reader' } }, acme.token)
      .then(
        () => undefined,
        (error: Error) => error,
      );
    expect(refused?.message).toContain('username and password are required for password');

    const created = await cp.ok<{ createConnection: { id: string; status: string } }>(
      'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id status } }',
      { i: { ...input, username: 'agent_reader', password: 'a-long-database-password' } },
      acme.token,
    );

    expect(created.createConnection.status).toBe('active');
    const stored = await cp.secretStore.read(secretPath.connection(acme.tenantId, created.createConnection.id));
    expect(stored?.data).toMatchObject({ kind: 'basic', authMode: 'password', username: 'agent_reader', password: 'a-long-database-password' });
    const providers = await cp.ok<{ providers: { id: string; authModes: { id: string; connectWith: string; credentialFields: string[] }[] }[] }>(
      '{ providers { id authModes { id connectWith credentialFields } } }',
      {},
      acme.token,
    );
    expect(providers.providers.find((p) => p.id === 'postgresql')?.authModes).toEqual([
      { id: 'password', connectWith: 'credential_form', credentialFields: ['username', 'password'] },
    ]);
  });

  it("cannot test, delete or list another tenant's connection", async () => {
    const listing = await cp.ok<{ connections: { edges: { node: { id: string } }[] } }>('{ connections { edges { node { id } } } }', {}, acme.token);
    const foreignId = listing.connections.edges[0].node.id;
    for (const mutation of ['mutation($id: ID!) { testConnection(id: $id) { ok } }', 'mutation($id: ID!) { deleteConnection(id: $id) }']) {
      const result = await cp.gql(mutation, { id: foreignId }, other.token);
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const theirs = await cp.ok<{ connections: { edges: unknown[] } }>('{ connections { edges { node { id } } } }', {}, other.token);
    expect(theirs.connections.edges).toEqual([]);
  });

  it('leaks none of the stored tokens or the client secret into logs, events, metrics or GraphQL responses', async () => {
    const rows = (await cp.dataSourceQuery('SELECT id, tenant_id FROM control_plane.connections')) as { id: string; tenant_id: string }[];
    const tokens: (string | undefined)[] = [];
    for (const row of rows) {
      const data = (await cp.secretStore.read(secretPath.connection(row.tenant_id, row.id)))?.data;
      tokens.push(data?.accessToken, data?.refreshToken);
    }
    expect(tokens.filter(Boolean).length).toBeGreaterThanOrEqual(3);
    const channels = await observableChannels(cp, [cp.url]);
    expect(findSecrets(channels, [...tokens, DEFAULT_CLIENT.clientSecret])).toEqual([]);
  });

  it('flags credentials older than the tenant policy', async () => {
    await cp.ok('mutation { setCredentialPolicy(maxCredentialAgeDays: 1) }', {}, acme.token);
    await cp.dataSourceQuery(`UPDATE control_plane.connections SET credential_created_at = now() - interval '3 days' WHERE tenant_id = $1`, [acme.tenantId]);
    const listing = await cp.ok<{ connections: { edges: { node: { credentialTooOld: boolean } }[] } }>(
      '{ connections { edges { node { credentialTooOld } } } }',
      {},
      acme.token,
    );
    expect(listing.connections.edges.every((e) => e.node.credentialTooOld)).toBe(true);
    const metrics = await (await fetch(`${cp.url}/metrics`)).text();
    expect(metrics).toMatch(/causeway_credentials_over_max_age\{[^}]*\} [1-9]/);
  });
});
