import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { TOPICS } from '@causeway/contracts';
import { ControlPlaneHarness } from './support/control-plane-harness';

const specs = join(__dirname, '../../../libs/connectors/src/importer/specs/listennotes');
const document = readFileSync(join(specs, 'spec.json'), 'utf8');
const overlay = readFileSync(join(specs, 'overlay.yaml'), 'utf8');
/** The same connector curated down to its read operations: a second version with fewer tools. */
const readOnlyOverlay = (() => {
  const parsed = parse(overlay) as { operations: Record<string, unknown> };
  delete parsed.operations['submitPodcast'];
  delete parsed.operations['deletePodcastById'];
  return stringify(parsed);
})();

const CONNECTOR = 'id slug providerId activeVersion';
const UPLOAD = `mutation($input: UploadTenantConnectorInput!) { uploadTenantConnector(input: $input) { connector { ${CONNECTOR} } version { version tools { name sideEffect } hosts authModes specSha256 } warnings } }`;

type Uploaded = {
  uploadTenantConnector: {
    connector: { id: string; slug: string; providerId: string; activeVersion: number };
    version: { version: number; tools: { name: string }[]; hosts: string[]; authModes: string[] };
  };
};

describe('tenant connectors (GraphQL, on Postgres)', () => {
  const cp = new ControlPlaneHarness();
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;

  beforeAll(async () => {
    await cp.start();
    acme = await cp.tenantWithOwner('tconn');
  }, 60_000);

  afterAll(() => cp.stop(), 30_000);

  const upload = (input: Record<string, unknown>, token = acme.token) => cp.gql<Uploaded>(UPLOAD, { input }, token);
  const counts = async (tenantId: string) => {
    const [row] = await cp.dataSourceQuery(
      `SELECT (SELECT count(*) FROM control_plane.tenant_connectors WHERE tenant_id = $1)::int AS connectors, (SELECT count(*) FROM control_plane.tenant_connector_versions WHERE tenant_id = $1)::int AS versions`,
      [tenantId],
    );
    return row as { connectors: number; versions: number };
  };
  const configEvents = async (connectorId: string) =>
    (await cp.dataSourceQuery(`SELECT payload FROM control_plane.outbox WHERE topic = $1 AND key = $2 ORDER BY seq`, [TOPICS.config, connectorId])).map(
      (r: { payload: { op: string; data: { version: number; definition: { actions: { id: string }[] } } | null } }) => r.payload,
    );

  let connectorId = '';

  it('refuses an upload over the tool limit with a 4xx naming it, and writes nothing', async () => {
    const many = JSON.parse(document) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const paths: Record<string, unknown> = {};
    const template = many.paths['/playlists'];
    for (let i = 0; i < 201; i++) paths[`/playlists${i}`] = { get: { ...template['get'], operationId: `getPlaylists${i}` } };
    const result = await upload({
      slug: 'podcasts',
      openApiDocument: JSON.stringify({ ...many, paths }),
      overlayDocument: overlay.replace('include: listed', 'include: all'),
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(result.errors?.[0]?.message).toContain('over the limit of 200');
    expect(await counts(acme.tenantId)).toEqual({ connectors: 0, versions: 0 });
  });

  it('refuses an overlay declaring a loopback host, and writes nothing', async () => {
    const result = await upload({
      slug: 'podcasts',
      openApiDocument: document,
      overlayDocument: overlay.replace('  name: Listen Notes', '  name: Listen Notes\n  hosts: [listen-api.listennotes.com, localhost]'),
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(result.errors?.[0]?.message).toBe('hosts: localhost: needs a dotted public name');
    expect(await counts(acme.tenantId)).toEqual({ connectors: 0, versions: 0 });
  });

  it('stores an upload as version 1, active, and publishes its definition and an audit event in the same transaction', async () => {
    const result = await upload({ slug: 'podcasts', openApiDocument: document, overlayDocument: overlay });
    expect(result.errors).toBeUndefined();
    const uploaded = result.data!.uploadTenantConnector;
    connectorId = uploaded.connector.id;
    expect(uploaded.connector).toMatchObject({ slug: 'podcasts', providerId: 't_podcasts', activeVersion: 1 });
    expect(uploaded.version.tools.map((t) => t.name)).toContain('t_podcasts.list_playlists');
    expect(uploaded.version.tools).toHaveLength(7);
    expect(uploaded.version.hosts).toEqual(['listen-api.listennotes.com']);
    expect(uploaded.version.authModes).toEqual(['api_key']);

    const [config] = await configEvents(connectorId);
    expect(config).toMatchObject({ entity: 'tenant_connector', op: 'upsert', data: { providerId: 't_podcasts', version: 1 } });
    expect(config.data!.definition.actions).toHaveLength(7);
    const [audit] = await cp.dataSourceQuery(`SELECT payload FROM control_plane.outbox WHERE topic = $1 AND payload->'target'->>'id' = $2`, [
      TOPICS.audit,
      connectorId,
    ]);
    expect(audit.payload).toMatchObject({
      action: 'tenant_connector.created',
      actor: { type: 'user' },
      details: { after: { providerId: 't_podcasts', activeVersion: 1, tools: 7 } },
    });
  });

  it('makes each upload a new immutable version, lists them newest first, and rolls back and forward', async () => {
    const second = await upload({ slug: 'podcasts', openApiDocument: document, overlayDocument: readOnlyOverlay });
    expect(second.errors).toBeUndefined();
    expect(second.data!.uploadTenantConnector.connector.activeVersion).toBe(2);
    expect(second.data!.uploadTenantConnector.version.tools).toHaveLength(5);

    const { tenantConnectorVersions } = await cp.ok<{ tenantConnectorVersions: { version: number; tools: unknown[] }[] }>(
      'query($id: ID!) { tenantConnectorVersions(id: $id) { version tools { name } } }',
      { id: connectorId },
      acme.token,
    );
    expect(tenantConnectorVersions.map((v) => [v.version, v.tools.length])).toEqual([
      [2, 5],
      [1, 7],
    ]);

    const rolledBack = await cp.ok<{ rollbackTenantConnector: { activeVersion: number } }>(
      `mutation($id: ID!) { rollbackTenantConnector(id: $id) { ${CONNECTOR} } }`,
      { id: connectorId },
      acme.token,
    );
    expect(rolledBack.rollbackTenantConnector.activeVersion).toBe(1);
    expect((await configEvents(connectorId)).at(-1)).toMatchObject({ op: 'upsert', data: { version: 1 } });
    expect((await configEvents(connectorId)).at(-1)!.data!.definition.actions).toHaveLength(7);

    const noEarlier = await cp.gql(`mutation($id: ID!) { rollbackTenantConnector(id: $id) { ${CONNECTOR} } }`, { id: connectorId }, acme.token);
    expect(noEarlier.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const forward = await cp.ok<{ activateTenantConnectorVersion: { activeVersion: number } }>(
      `mutation($id: ID!, $v: Int!) { activateTenantConnectorVersion(id: $id, version: $v) { ${CONNECTOR} } }`,
      { id: connectorId, v: 2 },
      acme.token,
    );
    expect(forward.activateTenantConnectorVersion.activeVersion).toBe(2);
    expect(await counts(acme.tenantId)).toEqual({ connectors: 1, versions: 2 });
  });

  it('stores concurrent first uploads of one slug as one connector: the loser is told, never half-written', async () => {
    const results = await Promise.all([1, 2, 3].map(() => upload({ slug: 'racing', openApiDocument: document, overlayDocument: overlay })));
    const stored = results.filter((r) => !r.errors);
    for (const refused of results.filter((r) => r.errors)) expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(stored.length).toBeGreaterThanOrEqual(1);
    const [row] = await cp.dataSourceQuery(
      `SELECT count(DISTINCT c.id)::int AS connectors, count(v.id)::int AS versions FROM control_plane.tenant_connectors c JOIN control_plane.tenant_connector_versions v ON v.connector_id = c.id WHERE c.tenant_id = $1 AND c.slug = 'racing'`,
      [acme.tenantId],
    );
    expect(row).toEqual({ connectors: 1, versions: stored.length });
    await cp.ok(`mutation($id: ID!) { deleteTenantConnector(id: $id) { id } }`, { id: stored[0]!.data!.uploadTenantConnector.connector.id }, acme.token);
  });

  it('carries the active definition in the data plane start-up snapshot', async () => {
    const response = await fetch(`${cp.url}/internal/config/snapshot`, { headers: { authorization: `Bearer ${cp.secrets.internalToken}` } });
    const { entries } = (await response.json()) as { entries: { entity: string; entityId: string; data: { version: number } }[] };
    expect(entries.find((e) => e.entity === 'tenant_connector' && e.entityId === connectorId)?.data.version).toBe(2);
  });

  it('lets members read connectors but only holders of create:Connection upload', async () => {
    const viewer = await cp.member(acme.token, 'tconn', 'viewer');
    const list = await cp.ok<{ tenantConnectors: { slug: string }[] }>(`{ tenantConnectors { ${CONNECTOR} } }`, {}, viewer.token);
    expect(list.tenantConnectors.map((c) => c.slug)).toEqual(['podcasts']);
    expect((await upload({ slug: 'other', openApiDocument: document, overlayDocument: overlay }, viewer.token)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });

  it("cannot reach another tenant's connector, and another tenant may use the same slug", async () => {
    const other = await cp.tenantWithOwner('tconn-other');
    for (const mutation of ['rollbackTenantConnector', 'deleteTenantConnector']) {
      const refused = await cp.gql(`mutation($id: ID!) { ${mutation}(id: $id) { id } }`, { id: connectorId }, other.token);
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(
      (await cp.gql('query($id: ID!) { tenantConnectorVersions(id: $id) { version } }', { id: connectorId }, other.token)).errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
    const theirs = await upload({ slug: 'podcasts', openApiDocument: document, overlayDocument: overlay }, other.token);
    expect(theirs.data?.uploadTenantConnector.connector.activeVersion).toBe(1);
    // A connection names the provider within its own tenant only.
    const foreign = await cp.gql(
      'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id } }',
      { i: { provider: 't_nothing', name: 'x', kind: 'shared', token: 'k' } },
      other.token,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });

  it('takes an API-key connection to the connector, and refuses to delete the connector while it is used', async () => {
    const created = await cp.ok<{ createConnection: { id: string } }>(
      'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id provider authMode } }',
      { i: { provider: 't_podcasts', name: 'podcasts', kind: 'shared', token: 'listen-key-1' } },
      acme.token,
    );
    const inUse = await cp.gql(`mutation($id: ID!) { deleteTenantConnector(id: $id) { id } }`, { id: connectorId }, acme.token);
    expect(inUse.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(inUse.errors?.[0]?.message).toContain('delete them first');

    await cp.ok('mutation($id: ID!) { deleteConnection(id: $id) }', { id: created.createConnection.id }, acme.token);
    const deleted = await cp.ok<{ deleteTenantConnector: { id: string } }>(
      `mutation($id: ID!) { deleteTenantConnector(id: $id) { ${CONNECTOR} } }`,
      { id: connectorId },
      acme.token,
    );
    expect(deleted.deleteTenantConnector.id).toBe(connectorId);
    expect((await configEvents(connectorId)).at(-1)).toMatchObject({ op: 'delete', data: null });
    expect(await counts(acme.tenantId)).toEqual({ connectors: 0, versions: 0 });
  });
});
