import { ControlPlaneHarness } from './support/control-plane-harness';

/**
 * A user or key of tenant A can never see or touch anything of tenant B, whatever ids it
 * sends: foreign ids in arguments, in lists and in cursors all come back empty or NOT_FOUND.
 */
describe('tenant isolation', () => {
  const cp = new ControlPlaneHarness();
  let a: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let b: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let bKeyId: string;
  let bMemberId: string;
  let bRoleId: string;
  let bCursor: string;

  beforeAll(async () => {
    await cp.start();
    a = await cp.tenantWithOwner('iso-a');
    b = await cp.tenantWithOwner('iso-b');
    const key = await cp.ok<{ createApiKey: { apiKey: { id: string } } }>(
      'mutation { createApiKey(input: { name: "b-key", scopes: ["call:Tool"] }) { apiKey { id } } }',
      {},
      b.token,
    );
    bKeyId = key.createApiKey.apiKey.id;
    bMemberId = (await cp.member(b.token, 'iso-b', 'developer')).userId;
    const role = await cp.ok<{ createRole: { id: string } }>(
      'mutation { createRole(input: { name: "b-role", permissions: ["read:Tool"] }) { id } }',
      {},
      b.token,
    );
    bRoleId = role.createRole.id;
    const page = await cp.ok<{ apiKeys: { edges: { cursor: string }[] } }>('{ apiKeys(first: 1) { edges { cursor } } }', {}, b.token);
    bCursor = page.apiKeys.edges[0].cursor;
    await cp.ok('mutation { createApiKey(input: { name: "a-key", scopes: ["read:Tool"] }) { apiKey { id } } }', {}, a.token);
  }, 60_000);

  afterAll(() => cp.stop(), 30_000);

  it.each([
    ['revokeApiKey', 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', () => ({ id: bKeyId })],
    ['rotateApiKey', 'mutation($id: ID!) { rotateApiKey(id: $id, overlapSeconds: 60) { secret } }', () => ({ id: bKeyId })],
    ['changeMemberRole', 'mutation($id: ID!) { changeMemberRole(userId: $id, role: "viewer") { id } }', () => ({ id: bMemberId })],
    ['removeMember', 'mutation($id: ID!) { removeMember(userId: $id) }', () => ({ id: bMemberId })],
    ['updateRolePermissions', 'mutation($id: ID!) { updateRolePermissions(id: $id, permissions: ["read:Tool"]) { id } }', () => ({ id: bRoleId })],
    ['deleteRole', 'mutation($id: ID!) { deleteRole(id: $id) }', () => ({ id: bRoleId })],
  ])('cannot reach another tenant through %s with a foreign id', async (_name, mutation, variables) => {
    const result = await cp.gql(mutation, variables(), a.token);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('leaves the foreign rows untouched after those attempts', async () => {
    const keys = await cp.ok<{ apiKeys: { edges: { node: { id: string; revokedAt: string | null } }[] } }>(
      '{ apiKeys { edges { node { id revokedAt } } } }',
      {},
      b.token,
    );
    expect(keys.apiKeys.edges.map((e) => e.node)).toEqual([{ id: bKeyId, revokedAt: null }]);
    const users = await cp.ok<{ users: { edges: { node: { id: string; role: { name: string } } }[] } }>(
      '{ users { edges { node { id role { name } } } } }',
      {},
      b.token,
    );
    expect(users.users.edges.map((e) => e.node)).toContainEqual({ id: bMemberId, role: { name: 'developer' } });
  });

  it('lists only its own keys, users and roles, including nested fields', async () => {
    const data = await cp.ok<{
      apiKeys: { edges: { node: { name: string; createdById: string } }[] };
      users: { edges: { node: { email: string; role: { id: string } } }[] };
      roles: { id: string; name: string }[];
    }>('{ apiKeys { edges { node { name createdById } } } users { edges { node { email role { id } } } } roles { id name } }', {}, a.token);
    expect(data.apiKeys.edges.map((e) => e.node)).toEqual([{ name: 'a-key', createdById: a.ownerId }]);
    expect(data.users.edges.map((e) => e.node.email)).toEqual([a.owner.email]);
    const aRoleIds = new Set(data.roles.map((r) => r.id));
    expect(aRoleIds.has(bRoleId)).toBe(false);
    expect(data.users.edges.every((e) => aRoleIds.has(e.node.role.id))).toBe(true);
  });

  it("does not leak another tenant's rows through a cursor taken from it", async () => {
    const data = await cp.ok<{ apiKeys: { edges: { node: { name: string } }[] } }>(
      'query($c: String) { apiKeys(after: $c) { edges { node { name } } } }',
      { c: bCursor },
      a.token,
    );
    expect(data.apiKeys.edges.map((e) => e.node.name)).not.toContain('b-key');
  });

  it('refuses a session for a tenant the user does not belong to', async () => {
    const result = await cp.gql('mutation { switchTenant(tenant: "iso-b") { accessToken } }', {}, a.token);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const login = await cp.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p, tenant: "iso-b") { accessToken } }', {
      e: a.owner.email,
      p: a.owner.password,
    });
    expect(login.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses malformed ids and cursors as bad input, not as server errors', async () => {
    const badId = await cp.gql('mutation { revokeApiKey(id: "1 OR 1=1") { id } }', {}, a.token);
    expect(badId.errors?.[0]?.extensions).toEqual({ code: 'INVALID_INPUT', field: 'id' });
    const badCursor = await cp.gql('{ apiKeys(after: "not-a-cursor") { edges { cursor } } }', {}, a.token);
    expect(badCursor.errors?.[0]?.extensions).toEqual({ code: 'INVALID_INPUT', field: 'after' });
  });

  // Last: it creates a key in tenant A, which the listing test above counts.
  it("refuses a key allowed on another tenant's connection, naming allowedConnections", async () => {
    const insert = `INSERT INTO control_plane.connections (tenant_id, provider, name, auth_mode, kind, created_by, credential_created_at)
      VALUES ($1, 'slack', $2, 'oauth2', 'shared', $3, now()) RETURNING id`;
    const [{ id: bConnection }] = await cp.dataSourceQuery(insert, [b.tenantId, 'b-slack', b.ownerId]);
    const [{ id: aConnection }] = await cp.dataSourceQuery(insert, [a.tenantId, 'a-slack', a.ownerId]);
    const create =
      'mutation($c: [String!]) { createApiKey(input: { name: "a-scoped", scopes: ["call:Tool"], allowedConnections: $c }) { apiKey { id allowedConnections } } }';

    const foreign = await cp.gql(create, { c: [aConnection, bConnection] }, a.token);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(foreign.errors?.[0]?.extensions?.field).toBe('allowedConnections');
    expect(foreign.errors?.[0]?.message).toContain(bConnection);
    const malformed = await cp.gql(create, { c: ['not-a-uuid'] }, a.token);
    expect(malformed.errors?.[0]?.extensions?.field).toBe('allowedConnections');

    const own = await cp.ok<{ createApiKey: { apiKey: { allowedConnections: string[] } } }>(create, { c: [aConnection] }, a.token);
    expect(own.createApiKey.apiKey.allowedConnections).toEqual([aConnection]);
  });
});
