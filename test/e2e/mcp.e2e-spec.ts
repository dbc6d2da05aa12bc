import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { DEFAULT_CLIENT, startSlackSimulator } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { PlatformHarness } from '../support/platform-harness';
import { portableSchema } from '../../apps/data-plane/src/mcp/portable-schema';

type Sim = Awaited<ReturnType<typeof startSlackSimulator>>;
type AuditEvent = {
  action: string;
  correlationId?: string;
  outcome: string;
  tool?: string;
  workflowRunId?: string;
  connectionId?: string;
  details?: { errorCode?: string; deniedBy?: string };
};

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

/**
 * An MCP client (the SDK's own) talking to the data plane's `POST /mcp` with an API key:
 * the same tools, the same permission layers and the same audit event as REST, failures a
 * model can act on, and the contract's 401 before any MCP handling.
 */
describe('agents calling tools over MCP', () => {
  const cp = new PlatformHarness();
  const clients: Client[] = [];
  let slack: Sim;
  let tenant: Awaited<ReturnType<PlatformHarness['tenantWithOwner']>>;
  let key: string;
  let readOnlyKey: string;
  let slackConnectionId: string;

  const mcpUrl = () => new URL(`${cp.dataPlane.url}/mcp`);
  const text = (result: CallToolResult) => result.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
  const auditEvent = (requestId: string) =>
    eventually(() => cp.events.map((e) => e.value as AuditEvent).find((e) => e.action === 'tool.call' && e.correlationId === requestId), {
      what: `audit event ${requestId}`,
    });

  async function mcpClient(apiKey: string, headers: Record<string, string> = {}): Promise<Client> {
    const client = new Client({ name: 'causeway-e2e', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(mcpUrl(), { requestInit: { headers: { Authorization: `Bearer ${apiKey}`, ...headers } } });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  async function callTool(client: Client, name: string, args: Record<string, unknown>, meta?: Record<string, unknown>): Promise<CallToolResult> {
    return (await client.callTool({ name, arguments: args, ...(meta ? { _meta: meta } : {}) })) as CallToolResult;
  }

  const postRaw = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(mcpUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function createKey(name: string, scopes: string[]): Promise<string> {
    const created = await cp.ok<{ createApiKey: { secret: string } }>(
      'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }',
      { i: { name, scopes } },
      tenant.token,
    );
    const secret = created.createApiKey.secret;
    await eventually(
      async () => ((await fetch(`${cp.dataPlane.url}/v1/tools`, { headers: { authorization: `Bearer ${secret}` } })).status === 200 ? true : undefined),
      { what: `key ${name}` },
    );
    return secret;
  }

  beforeAll(async () => {
    slack = await startSlackSimulator();
    await cp.start();
    tenant = await cp.tenantWithOwner('mcp-agents');
    await cp.ok(
      'mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider } }',
      {
        i: {
          provider: 'slack',
          clientId: DEFAULT_CLIENT.clientId,
          clientSecret: DEFAULT_CLIENT.clientSecret,
          authorizeUrl: `${slack.url}/oauth/v2/authorize`,
          tokenUrl: `${slack.url}/api/oauth.v2.access`,
        },
      },
      tenant.token,
    );
    const started = await cp.ok<{ startConnection: { authorizeUrl: string } }>(
      'mutation($i: StartConnectionInputModel!) { startConnection(input: $i) { authorizeUrl } }',
      {
        i: {
          provider: 'slack',
          name: 'slack',
          kind: 'shared',
          scopes: ['chat:write', 'channels:read'],
          serverOverrides: JSON.stringify({ default: `${slack.url}/api` }),
        },
      },
      tenant.token,
    );
    const approval = await fetch(started.startConnection.authorizeUrl, { redirect: 'manual' });
    const callback = await fetch(approval.headers.get('location')!, { headers: { accept: 'application/json' } });
    expect(callback.status).toBe(200);
    slackConnectionId = ((await callback.json()) as { connection: { id: string } }).connection.id;
    key = await createKey('mcp-agent', ['call:Tool', 'read:Tool']);
    readOnlyKey = await createKey('mcp-reader', ['read:Tool']);
    await eventually(() => (cp.dataPlane.configView.connection(tenant.tenantId, slackConnectionId) ? true : undefined), {
      what: 'the connection in the data plane',
    });
  }, 90_000);

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await cp.stop();
    await slack.stop();
  }, 30_000);

  it('lists exactly the tools GET /v1/tools shows this key, with the same schemas and annotations', async () => {
    // The whole catalog on both surfaces (this tenant connects only Slack), every MCP page.
    const rest = (await (await fetch(`${cp.dataPlane.url}/v1/tools?include=all&limit=200`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      tools: (Tool & { description: string })[];
    };
    const client = await mcpClient(key);
    const listed: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools({ ...(cursor ? { cursor } : {}), _meta: { 'causeway/include': 'all' } });
      listed.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed[0].name).toBe('search_tools');
    const tools = listed.slice(1);

    expect(tools.map((t) => t.name)).toEqual(rest.tools.map((t) => t.name));
    expect(tools.length).toBeGreaterThan(0);
    for (const [i, tool] of tools.entries()) {
      const { _causeway: causeway, ...inputProperties } = tool.inputSchema.properties ?? {};
      expect({ title: tool.title, annotations: tool.annotations, outputSchema: tool.outputSchema }).toEqual({
        title: rest.tools[i].title,
        annotations: rest.tools[i].annotations,
        // The same schema, with nullable type unions spelt portably (anyOf with a null branch).
        outputSchema: portableSchema(rest.tools[i].outputSchema!),
      });
      expect(JSON.stringify(tool.outputSchema)).not.toMatch(/"type":\[/);
      // MCP has only `arguments`: the REST input schema plus the optional `_causeway` envelope.
      expect({ ...tool.inputSchema, properties: inputProperties }).toEqual(portableSchema(rest.tools[i].inputSchema));
      expect(causeway).toMatchObject({
        type: 'object',
        properties: { connectionId: expect.any(Object), onBehalfOf: expect.any(Object), cursor: expect.any(Object) },
      });
      expect(tool.description).toContain(rest.tools[i].description);
      expect(tool.description).toContain('_causeway');
    }
    expect(tools.find((t) => t.name === 'slack.post_message')?.annotations).toEqual({
      title: 'Post a Slack message',
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    });
  });

  it('posts a Slack message: structuredContent is the data, and one write reaches Slack', async () => {
    slack.control.resetWrites();
    const client = await mcpClient(key);
    const result = await callTool(client, 'slack.post_message', { channel: 'C0GENERAL01', text: 'hello over MCP' });

    expect(result.isError).toBe(false);
    expect(result.structuredContent).toMatchObject({ ok: true, channel: 'C0GENERAL01' });
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
    expect(result._meta).toMatchObject({ 'causeway/requestId': expect.any(String), 'causeway/attempts': 1 });
    expect(slack.control.writeCount()).toBe(1);
  });

  it('records the same tool.call audit event as REST does for the same call', async () => {
    const client = await mcpClient(key, { 'X-Workflow-Run-Id': 'run-mcp-7' });
    // Each write test posts to its own channel: Slack paces posts per channel, and pacing is not what these tests are about.
    const viaMcp = await callTool(client, 'slack.post_message', { channel: 'C0SUPPORT01', text: 'audited' });
    const viaRest = await cp.callTool(key, 'slack.post_message', { input: { channel: 'G0LEADERS01', text: 'audited' } }, { 'x-workflow-run-id': 'run-mcp-7' });
    expect(viaRest.status).toBe(200);

    const mcpEvent = await auditEvent(viaMcp._meta!['causeway/requestId'] as string);
    const restEvent = await auditEvent(viaRest.body.meta.requestId);
    expect(mcpEvent).toMatchObject({ outcome: 'success', tool: 'slack.post_message', connectionId: slackConnectionId, workflowRunId: 'run-mcp-7' });
    expect(Object.keys(mcpEvent).sort()).toEqual(Object.keys(restEvent).sort());
  });

  it('returns a failed call as an isError result naming the code, the retry stance and the next step', async () => {
    const client = await mcpClient(key);
    const result = await callTool(client, 'slack.post_message', { channel: 'C0NOPE', text: 'x' });

    expect(result.isError).toBe(true);
    expect(text(result)).toContain('Error upstream_not_found');
    expect(text(result)).toContain('Retryable: no.');
    // The tool's own advice for the code, from its error guide.
    expect(text(result)).toContain('look it up with slack.list_channels');
    expect(result._meta?.['causeway/error']).toMatchObject({ code: 'upstream_not_found', retryable: false, requestId: expect.any(String) });
    const event = await auditEvent((result._meta!['causeway/error'] as { requestId: string }).requestId);
    expect(event).toMatchObject({ outcome: 'failed', details: { errorCode: 'upstream_not_found' } });
  });

  it('answers invalid arguments with -32602 listing every argument error', async () => {
    const client = await mcpClient(key);
    const error = (await client.callTool({ name: 'slack.post_message', arguments: { channel: 7 } }).catch((e: unknown) => e)) as McpError;

    expect(error).toBeInstanceOf(McpError);
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect((error.data as { errors: unknown[] }).errors).toEqual(
      expect.arrayContaining([
        { field: 'text', message: 'is required' },
        { field: 'channel', message: expect.any(String) },
      ]),
    );
  });

  it('answers a tools/call without a name with -32602 in plain words, not an internal error', async () => {
    const response = await postRaw({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { arguments: {} } }, { authorization: `Bearer ${key}` });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { id: number; error: { code: number; message: string } };
    expect(body).toMatchObject({ id: 3, error: { code: ErrorCode.InvalidParams, message: expect.stringContaining('params.name') } });
  });

  it('answers an unknown tool with a protocol error pointing at tools/list', async () => {
    const client = await mcpClient(key);
    const error = (await client.callTool({ name: 'slack.no_such_tool', arguments: {} }).catch((e: unknown) => e)) as McpError;
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(error.message).toContain('tools/list');
  });

  it('pages through the tool’s cursor and tells the model how to get the next page', async () => {
    const client = await mcpClient(key);
    const first = await callTool(client, 'slack.list_channels', { limit: 1 });
    const nextCursor = first._meta?.['causeway/nextCursor'];

    expect(nextCursor).toEqual(expect.any(String));
    expect(text(first)).toContain(`cursor ${JSON.stringify(nextCursor)}`);
    const second = await callTool(client, 'slack.list_channels', { limit: 1, cursor: nextCursor });
    expect(second.isError).toBe(false);
    expect(second.structuredContent).not.toEqual(first.structuredContent);
  });

  it('chooses the connection from _causeway or the host’s _meta, and refuses the two disagreeing', async () => {
    const client = await mcpClient(key);
    const someoneElse = await callTool(client, 'slack.list_channels', { _causeway: { onBehalfOf: 'someone@mcp-agents.test' } });
    expect(someoneElse.isError).toBe(true);
    expect(someoneElse._meta?.['causeway/error']).toMatchObject({ code: 'connection_required', field: '_causeway.onBehalfOf' });

    const pinned = await callTool(client, 'slack.list_channels', { limit: 1 }, { 'causeway/connectionId': slackConnectionId });
    expect(pinned.isError).toBe(false);

    // Arguments that contradict the host's _meta are invalid arguments: a protocol error naming them.
    const disagreeing = (await callTool(
      client,
      'slack.list_channels',
      { _causeway: { onBehalfOf: 'a@mcp-agents.test' } },
      { 'causeway/onBehalfOf': 'b@mcp-agents.test' },
    ).catch((e: unknown) => e)) as McpError;
    expect(disagreeing.code).toBe(ErrorCode.InvalidParams);
    expect(disagreeing.data).toMatchObject({ code: 'invalid_input', field: '_causeway.onBehalfOf' });
  });

  it('runs a write once when the model retries it with the same idempotencyKey', async () => {
    slack.control.resetWrites();
    const client = await mcpClient(key);
    const args = { channel: 'C0ENG000001', text: 'exactly once', _causeway: { idempotencyKey: 'mcp-once-1' } };
    const first = await callTool(client, 'slack.post_message', args);
    const retry = await callTool(client, 'slack.post_message', args);

    expect(text(first)).not.toContain('Error');
    expect(retry.structuredContent).toEqual(first.structuredContent);
    expect(retry._meta).toMatchObject({ 'causeway/replayed': true });
    expect(slack.control.writeCount()).toBe(1);
  });

  it('answers 401 with the contract error body, before any MCP handling, without a key or with a bad one', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer cw_not_a_real_key' }];
    for (const headers of attempts) {
      const response = await postRaw(initialize, headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: { code: 'unauthenticated', message: expect.any(String), retryable: false, requestId: expect.any(String) },
      });
      // The MCP authorization spec: the challenge names the protected-resource metadata.
      const challenge = response.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(/^Bearer /);
      const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
      expect(metadataUrl).toBe(`${cp.dataPlane.url}/.well-known/oauth-protected-resource/mcp`);
    }
    await expect(mcpClient('cw_not_a_real_key')).rejects.toThrow();
  });

  it('publishes OAuth protected-resource metadata (RFC 9728) saying the key is an API key from the console', async () => {
    for (const [path, resource] of [
      ['/.well-known/oauth-protected-resource/mcp', `${cp.dataPlane.url}/mcp`],
      ['/.well-known/oauth-protected-resource', cp.dataPlane.url],
    ]) {
      const response = await fetch(`${cp.dataPlane.url}${path}`);
      expect(response.status).toBe(200);
      const metadata = (await response.json()) as Record<string, unknown>;
      expect(metadata).toMatchObject({ resource, bearer_methods_supported: ['header'], resource_documentation: expect.stringMatching(/^http/) });
      expect(metadata.causeway_credential_instructions).toContain('console');
      expect(metadata.authorization_servers).toBeUndefined();
    }
  });

  it('shows a key without call:Tool no tools, and refuses its calls as denied', async () => {
    const client = await mcpClient(readOnlyKey);
    expect((await client.listTools({ _meta: { 'causeway/include': 'all' } })).tools).toEqual([]);

    const refused = await callTool(client, 'slack.post_message', { channel: 'C0GENERAL01', text: 'not allowed' });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain('Error forbidden');
    const event = await auditEvent((refused._meta!['causeway/error'] as { requestId: string }).requestId);
    expect(event).toMatchObject({ outcome: 'denied', tool: 'slack.post_message' });
  });

  it('is stateless: no session id, one message per request, and GET answers 405', async () => {
    const auth = { authorization: `Bearer ${key}` };
    const init = await postRaw(initialize, auth);
    expect(init.status).toBe(200);
    expect(init.headers.get('mcp-session-id')).toBeNull();
    expect(init.headers.get('x-request-id')).toEqual(expect.any(String));

    const batch = await postRaw([initialize, { ...initialize, id: 2 }], auth);
    expect(batch.status).toBe(400);
    expect(await batch.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 } });

    const stream = await fetch(mcpUrl(), { headers: { ...auth, accept: 'text/event-stream' } });
    expect(stream.status).toBe(405);
    expect(stream.headers.get('allow')).toBe('POST');
  });

  it('refuses a body over the size cap with the contract’s 413, as REST does', async () => {
    const huge = { ...initialize, params: { ...initialize.params, padding: 'x'.repeat(2 * 1024 * 1024) } };
    const response = await postRaw(huge, { authorization: `Bearer ${key}` });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('describes /mcp in the public OpenAPI document', async () => {
    const response = await fetch(`${cp.dataPlane.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/tools', '/v1/actions/{tool}', '/mcp']));
  });
});
