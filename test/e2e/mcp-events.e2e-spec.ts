import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, ResourceUpdatedNotificationSchema, type ResourceUpdatedNotification } from '@modelcontextprotocol/sdk/types.js';
import { webhookSecretPath } from '@causeway/contracts';
import { createLogger } from '@causeway/observability';
import { LocalSecretStore } from '@causeway/secrets';
import { githubWebhook, sendVendorWebhook } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { startEmbeddedProcess, type EmbeddedProcess } from '../support/embedded-process';

type NamedEvent = { uri: string; type: string; position: string };

/**
 * On the embedded default, an MCP client (the SDK's own) with an events-scoped key learns of a
 * provider event as it arrives: it subscribes to `causeway://events`, GitHub sends a webhook,
 * the client is told on its session's stream and reads the event. A key without the scope gets
 * no session and is refused the resources.
 */
describe('MCP clients learning of new events', () => {
  let embedded: EmbeddedProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'causeway-mcp-events-'));
  const clients: Client[] = [];
  let token = '';
  let tenantId = '';
  let githubId = '';

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${embedded!.controlPlaneUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  async function createKey(name: string, scopes: string[]): Promise<string> {
    const { createApiKey } = await gql<{ createApiKey: { secret: string } }>('mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }', {
      i: { name, scopes },
    });
    await eventually(
      async () =>
        (await fetch(`${embedded!.dataPlaneUrl}/v1/tools`, { headers: { authorization: `Bearer ${createApiKey.secret}` } })).status === 200 ? true : undefined,
      { what: `key ${name} in the data plane` },
    );
    return createApiKey.secret;
  }

  async function connect(key: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
    const client = new Client({ name: 'causeway-e2e', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${embedded!.dataPlaneUrl}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    });
    await client.connect(transport);
    clients.push(client);
    return { client, transport };
  }

  const pullRequest = (number: number) =>
    githubWebhook('gh-mcp-secret', 'pull_request', {
      action: 'opened',
      pull_request: { number, title: `PR ${number}` },
      repository: { full_name: 'acme/api' },
    });

  beforeAll(async () => {
    embedded = await startEmbeddedProcess({ name: 'mcp-events', dataDir });
    const login = await gql<{ login: { accessToken: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p, tenant: "demo") { accessToken } }',
      {
        e: embedded.demo.admin.email,
        p: embedded.demo.admin.password,
      },
    );
    token = login.login.accessToken;
    tenantId = (await gql<{ me: { tenant: { id: string } } }>('{ me { tenant { id } } }')).me.tenant.id;
    const connections = await gql<{ connections: { edges: { node: { id: string; provider: string } }[] } }>(
      '{ connections(first: 50) { edges { node { id provider } } } }',
    );
    githubId = connections.connections.edges.map((e) => e.node).find((c) => c.provider === 'github')!.id;
    const secrets = await LocalSecretStore.open({ dir: join(dataDir, 'secrets'), logger: createLogger('e2e', 'silent') });
    await secrets.write(webhookSecretPath(tenantId, githubId), { secret: 'gh-mcp-secret' });
    await secrets.close();
  }, 200_000);

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('tells a subscribed client of a new GitHub event on its session stream, and the client reads it', async () => {
    const key = await createKey('events-agent', ['read:Event', 'read:Tool']);
    const { client, transport } = await connect(key);
    expect(transport.sessionId).toEqual(expect.any(String));
    expect(client.getServerCapabilities()?.resources).toEqual({ subscribe: true, listChanged: false });
    const updates: ResourceUpdatedNotification['params'][] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => void updates.push(notification.params));

    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['causeway://events']);
    await client.subscribeResource({ uri: 'causeway://events?type=com.github.pull_request.' });
    // The session's GET stream is what notifications travel on; the SDK opens it after initialize.
    await new Promise((r) => setTimeout(r, 500));

    const hook = pullRequest(7);
    expect((await sendVendorWebhook(`${embedded!.dataPlaneUrl}/v1/webhooks/${tenantId}/${githubId}`, hook)).statuses).toEqual([200]);

    const update = await eventually(() => updates[0], { timeoutMs: 30_000, what: 'notifications/resources/updated' });
    expect(update.uri).toBe('causeway://events?type=com.github.pull_request.');
    const named = (update._meta as { 'causeway/events': NamedEvent[] })['causeway/events'];
    expect(named).toEqual([
      { uri: expect.stringMatching(/^causeway:\/\/events\/[0-9a-f-]{36}$/), type: 'com.github.pull_request.opened', position: expect.any(String) },
    ]);

    const read = await client.readResource({ uri: named[0].uri });
    const event = JSON.parse((read.contents[0] as { text: string }).text) as { type: string; subject: string; deliveryid: string };
    expect(event).toMatchObject({ type: 'com.github.pull_request.opened', subject: 'acme/api#7', deliveryid: hook.deliveryId });

    // The list resumes after a position: what followed, nothing before it.
    const listed = await client.readResource({ uri: `causeway://events?after=${Number(named[0].position) - 1}` });
    expect(listed.contents.map((c) => c.uri)).toEqual([named[0].uri]);
    expect(listed._meta?.['causeway/next']).toBe(`causeway://events?after=${named[0].position}`);

    // After unsubscribing, a new event is not announced.
    await client.unsubscribeResource({ uri: 'causeway://events?type=com.github.pull_request.' });
    expect((await sendVendorWebhook(`${embedded!.dataPlaneUrl}/v1/webhooks/${tenantId}/${githubId}`, pullRequest(8))).statuses).toEqual([200]);
    await new Promise((r) => setTimeout(r, 3000));
    expect(updates).toHaveLength(1);
  }, 120_000);

  it('refuses the events to a key without the read:Event scope, and gives it no session', async () => {
    const key = await createKey('tools-agent', ['read:Tool']);
    const { client, transport } = await connect(key);
    expect(transport.sessionId).toBeUndefined();
    expect(client.getServerCapabilities()?.resources).toEqual({ subscribe: false, listChanged: false });

    const refused = await client.readResource({ uri: 'causeway://events' }).then(
      () => undefined,
      (error: unknown) => error as McpError,
    );
    expect(refused?.code).toBe(ErrorCode.InvalidRequest);
    expect(refused?.message).toContain('read:Event');
    expect(refused?.data).toMatchObject({ code: 'forbidden' });
  }, 60_000);

  it('refuses a session to another key, and a malformed or unknown event URI by name', async () => {
    const owner = await connect(await createKey('events-owner', ['read:Event', 'read:Tool']));
    const other = await createKey('events-other', ['read:Event', 'read:Tool']);
    const borrowed = await fetch(`${embedded!.dataPlaneUrl}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${other}`,
        'mcp-session-id': owner.transport.sessionId!,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'resources/list' }),
    });
    expect(borrowed.status).toBe(404);

    const malformed = await owner.client.readResource({ uri: 'causeway://events?after=yesterday' }).catch((error: unknown) => error as McpError);
    expect(malformed).toMatchObject({ code: ErrorCode.InvalidParams, data: { code: 'invalid_input', field: 'uri' } });
    const unknown = await owner.client
      .readResource({ uri: 'causeway://events/00000000-0000-4000-8000-000000000000' })
      .catch((error: unknown) => error as McpError);
    expect(unknown).toMatchObject({ code: -32002, data: { code: 'not_found' } });
  }, 60_000);
});
