import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { ProviderDefinition } from '@causeway/connectors';
import { startSpecDrivenSimulator, type SpecDrivenSimulator } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { startEmbeddedProcess, type EmbeddedProcess } from '../support/embedded-process';

const specs = join(__dirname, '../../libs/connectors/src/importer/specs/listennotes');
const document = readFileSync(join(specs, 'spec.json'), 'utf8');
const overlay = readFileSync(join(specs, 'overlay.yaml'), 'utf8');
/** Version 2 of the tenant's curation: the playlists list is no longer offered. */
const withoutPlaylists = (() => {
  const parsed = parse(overlay) as { operations: Record<string, unknown> };
  delete parsed.operations['getPlaylists'];
  return stringify(parsed);
})();
const LISTEN_KEY = 'listen-key-e2e';
const TOOL = 't_podcasts.list_playlists';

/** The vendor as the simulator serves it: the committed definition under the tenant's provider id. */
function simulatedVendor(): ProviderDefinition {
  const generated = JSON.parse(readFileSync(join(specs, 'generated.json'), 'utf8')) as ProviderDefinition;
  return {
    ...generated,
    id: 't_podcasts',
    actions: generated.actions.map((action) => ({ ...action, id: action.id.replace(/^listennotes\./, 't_podcasts.') })),
  };
}

/**
 * A tenant admin uploads its own connector (the Listen Notes OpenAPI 3.1 document and overlay)
 * through GraphQL on the embedded default, connects it to a spec-driven simulator the operator
 * allowed on loopback, and an agent lists, calls and is audited on its tools like a built-in's;
 * a second version and a rollback change what agents see.
 */
describe('a tenant connector on the embedded default', () => {
  let simulator: SpecDrivenSimulator;
  let embedded: EmbeddedProcess | undefined;
  let token = '';
  let apiKey = '';
  let connectorId = '';

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${embedded!.controlPlaneUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const agent = (path: string, init: RequestInit = {}) =>
    fetch(`${embedded!.dataPlaneUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...init.headers },
    });
  const toolNames = async () => ((await (await agent('/v1/tools')).json()) as { tools: { name: string }[] }).tools.map((t) => t.name);
  const mcp = async (method: string, params: Record<string, unknown>) => {
    const response = await agent('/mcp', { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
    return (await response.json()) as { result: Record<string, unknown> };
  };
  const upload = (overlayDocument: string) =>
    gql<{ uploadTenantConnector: { connector: { id: string; activeVersion: number } } }>(
      'mutation($i: UploadTenantConnectorInput!) { uploadTenantConnector(input: $i) { connector { id activeVersion } } }',
      { i: { slug: 'podcasts', openApiDocument: document, overlayDocument } },
    );

  beforeAll(async () => {
    simulator = await startSpecDrivenSimulator(simulatedVendor(), { secrets: [LISTEN_KEY] });
    // The operator allows exactly the simulator's address, as the bundled simulators are allowed.
    embedded = await startEmbeddedProcess({ name: 'tenant-connector', env: { EMBEDDED_EGRESS_ALLOW_PRIVATE: new URL(simulator.url).host } });
    apiKey = embedded.demo.apiKey.key;
    const login = await gql<{ login: { accessToken: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p, tenant: "demo") { accessToken } }',
      {
        e: embedded.demo.admin.email,
        p: embedded.demo.admin.password,
      },
    );
    token = login.login.accessToken;
  }, 200_000);

  afterAll(async () => {
    await embedded?.stop();
    await simulator?.stop();
  });

  it('uploads, connects, lists on REST and MCP, calls and audits the tenant tool', async () => {
    const uploaded = await upload(overlay);
    connectorId = uploaded.uploadTenantConnector.connector.id;
    expect(uploaded.uploadTenantConnector.connector.activeVersion).toBe(1);
    await gql('mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id } }', {
      i: { provider: 't_podcasts', name: 'podcasts', kind: 'shared', token: LISTEN_KEY, serverOverrides: JSON.stringify({ default: simulator.serverUrl }) },
    });

    await eventually(async () => ((await toolNames()).includes(TOOL) ? true : undefined), { timeoutMs: 15_000, what: 'the tenant tool in GET /v1/tools' });
    // tools/list pages (50 a page): the tenant's tools follow the built-ins, so read every page.
    const listed: string[] = [];
    for (let cursor: string | undefined, page = 0; page === 0 || cursor; page++) {
      const result = (await mcp('tools/list', cursor ? { cursor } : {})).result as { tools: { name: string }[]; nextCursor?: string };
      listed.push(...result.tools.map((t) => t.name));
      cursor = result.nextCursor;
    }
    expect(listed).toContain(TOOL);

    const call = await agent(`/v1/actions/${TOOL}`, { method: 'POST', body: JSON.stringify({ input: {} }) });
    const body = (await call.json()) as { data: unknown; meta: { requestId: string } };
    expect({ status: call.status, body }).toMatchObject({ status: 200, body: { data: expect.any(Object) } });
    const viaMcp = await mcp('tools/call', { name: TOOL, arguments: {} });
    expect(viaMcp.result['isError']).toBeFalsy();
    expect(simulator.control.calls()[TOOL]).toBe(2);

    const audited = await eventually(
      async () => {
        const events = await gql<{ auditEvents: { edges: { node: { action: string; outcome: string; tool: string } }[] } }>(
          'query($c: String) { auditEvents(filter: { correlationId: $c }) { edges { node { action outcome tool } } } }',
          { c: body.meta.requestId },
        );
        return events.auditEvents.edges.length ? events.auditEvents.edges : undefined;
      },
      { timeoutMs: 20_000, what: 'the call in the audit trail' },
    );
    expect(audited[0]!.node).toMatchObject({ action: 'tool.call', outcome: 'success', tool: TOOL });
  }, 60_000);

  it('holds a destructive tenant tool for a human approval, as the default policy does for built-ins', async () => {
    const before = simulator.control.calls()['t_podcasts.delete_podcast'] ?? 0;
    const held = await agent('/v1/actions/t_podcasts.delete_podcast', {
      method: 'POST',
      body: JSON.stringify({ input: { id: '4d3fe717742d4963a85562e9f84d8c79', reason: 'testing' } }),
    });
    expect({ status: held.status, body: await held.json() }).toMatchObject({ status: 202, body: { approval: { id: expect.any(String) } } });
    expect(simulator.control.calls()['t_podcasts.delete_podcast'] ?? 0).toBe(before);
  });

  it('proxies raw requests through a connection to the tenant connector, like a built-in', async () => {
    const { createApiKey } = await gql<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "raw", scopes: ["proxy:Connection"] }) { secret } }',
    );
    const { connections } = await gql<{ connections: { edges: { node: { id: string; provider: string } }[] } }>(
      '{ connections { edges { node { id provider } } } }',
    );
    const connectionId = connections.edges.find((e) => e.node.provider === 't_podcasts')!.node.id;
    const before = simulator.control.calls()[TOOL] ?? 0;
    const raw = await eventually(
      async () => {
        const response = await fetch(`${embedded!.dataPlaneUrl}/v1/proxy/${connectionId}/playlists`, {
          headers: { authorization: `Bearer ${createApiKey.secret}` },
        });
        return response.status === 200 ? response : undefined;
      },
      { timeoutMs: 15_000, what: 'the proxied request' },
    );
    expect(await raw.json()).toEqual(expect.any(Object));
    expect(simulator.control.calls()[TOOL]).toBe(before + 1);
  }, 60_000);

  it('follows a second version and its rollback in what agents see and may call', async () => {
    const second = await upload(withoutPlaylists);
    expect(second.uploadTenantConnector.connector.activeVersion).toBe(2);
    await eventually(async () => (!(await toolNames()).includes(TOOL) ? true : undefined), { timeoutMs: 15_000, what: 'version 2 without the playlists tool' });
    expect(await toolNames()).toContain('t_podcasts.get_podcast');
    const gone = await agent(`/v1/actions/${TOOL}`, { method: 'POST', body: JSON.stringify({ input: {} }) });
    expect(gone.status).toBe(404);

    await gql('mutation($id: ID!) { rollbackTenantConnector(id: $id) { activeVersion } }', { id: connectorId });
    await eventually(async () => ((await toolNames()).includes(TOOL) ? true : undefined), { timeoutMs: 15_000, what: 'version 1 again after the rollback' });
    const back = await agent(`/v1/actions/${TOOL}`, { method: 'POST', body: JSON.stringify({ input: {} }) });
    expect(back.status).toBe(200);
  }, 60_000);

  it('refuses a connection pointed at a loopback address the operator did not allow, as for built-ins', async () => {
    const created = await gql<{ createConnection: { id: string } }>('mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id } }', {
      i: {
        provider: 't_podcasts',
        name: 'inward',
        kind: 'shared',
        token: LISTEN_KEY,
        serverOverrides: JSON.stringify({ default: `${embedded!.controlPlaneUrl}/api/v2` }),
      },
    });
    const before = simulator.control.calls()[TOOL] ?? 0;
    const refused = await eventually(
      async () => {
        const response = await agent(`/v1/actions/${TOOL}`, { method: 'POST', body: JSON.stringify({ input: {}, connectionId: created.createConnection.id }) });
        const body = (await response.json()) as { error?: { code: string } };
        // Until the data plane has the new connection it answers that it does not know it.
        return body.error && body.error.code !== 'not_found' && body.error.code !== 'connection_required' ? { status: response.status, body } : undefined;
      },
      { timeoutMs: 15_000, what: 'the refused call' },
    );
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.body.error!.code).toMatch(/^(forbidden|upstream_unavailable|upstream_error)$/);
    expect(simulator.control.calls()[TOOL] ?? 0).toBe(before);
  }, 60_000);
});
