import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { startEmbeddedProcess, type EmbeddedProcess } from '../support/embedded-process';

/**
 * The embedded default as a newcomer's agent meets it: the demo key is connected to every
 * bundled simulator, lists the tools it can call (filtered and paged, over REST and MCP), finds
 * one for a task, and calls a read action of each provider wired from a hand-written simulator.
 */
describe('embedded default: the demo key finds and calls tools of every bundled simulator', () => {
  let embedded: EmbeddedProcess;
  const clients: Client[] = [];
  const get = async <T>(path: string, key = embedded.demo.apiKey.key) => {
    const response = await fetch(`${embedded.dataPlaneUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, body: (await response.json()) as T };
  };
  const call = async (tool: string, input: Record<string, unknown>) => {
    const response = await fetch(`${embedded.dataPlaneUrl}/v1/actions/${tool}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${embedded.demo.apiKey.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input }),
    });
    return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown>; error?: { code: string; message: string } } };
  };
  const mcp = async () => {
    const client = new Client({ name: 'causeway-e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${embedded.dataPlaneUrl}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${embedded.demo.apiKey.key}` } },
      }),
    );
    clients.push(client);
    return client;
  };
  type ToolList = { tools: { name: string; sideEffect: string }[]; nextCursor?: string };
  type ErrorBody = { error: { code: string; field?: string; message: string } };

  beforeAll(async () => {
    embedded = await startEmbeddedProcess({ name: 'demo-tools' });
  }, 200_000);

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await embedded?.stop();
  });

  const newlyWired = ['zendesk', 'hubspot', 'notion', 'gitlab', 'pagerduty', 'stripe', 'asana'];

  it('wires the demo tenant to every bundled simulator, as the banner says', () => {
    const connections = /connections\s+(.+) \(bundled simulators\)/.exec(embedded.proc.output())?.[1].split(', ') ?? [];
    expect(connections.sort()).toEqual(['slack', 'jira', 'salesforce', 'github', 'contentful', ...newlyWired].sort());
  });

  it.each([
    ['zendesk.list_tickets', {}, (data: Record<string, unknown>) => expect((data.tickets as unknown[]).length).toBeGreaterThan(0)],
    ['hubspot.list_contacts', {}, (data: Record<string, unknown>) => expect((data.results as unknown[]).length).toBeGreaterThan(0)],
    ['notion.search', {}, (data: Record<string, unknown>) => expect((data.results as unknown[]).length).toBeGreaterThan(0)],
    ['gitlab.list_issues', { project: 'causeway/api' }, (data: Record<string, unknown>) => expect(Array.isArray(data.issues)).toBe(true)],
    ['pagerduty.list_incidents', {}, (data: Record<string, unknown>) => expect((data.incidents as unknown[]).length).toBeGreaterThan(0)],
    ['stripe.list_customers', {}, (data: Record<string, unknown>) => expect((data.data as unknown[]).length).toBeGreaterThan(0)],
    ['asana.list_projects', { workspace: '1331' }, (data: Record<string, unknown>) => expect((data.data as unknown[]).length).toBeGreaterThan(0)],
  ])('calls %s on the demo connection, through egress to the bundled simulator', async (tool, input, check) => {
    const { status, body } = await call(tool, input);
    expect([status, body.error]).toEqual([200, undefined]);
    check(body.data!);
  });

  it('lists tools of every connected provider, filtered by provider and side effect', async () => {
    const all = await get<ToolList>('/v1/tools?limit=200');
    expect(all.status).toBe(200);
    const providers = new Set(all.body.tools.map((t) => t.name.split('.')[0]));
    for (const provider of newlyWired) expect(providers).toContain(provider);

    const zendeskReads = await get<ToolList>('/v1/tools?provider=zendesk&sideEffect=read');
    expect(zendeskReads.body.tools.map((t) => t.name)).toEqual(['zendesk.list_tickets', 'zendesk.get_ticket', 'zendesk.list_ticket_comments']);
    const destructive = await get<ToolList>('/v1/tools?sideEffect=destructive&limit=200');
    expect(destructive.body.tools.length).toBeGreaterThanOrEqual(12);
    expect(destructive.body.tools.every((t) => t.sideEffect === 'destructive')).toBe(true);
  });

  it('lists only tools of the connections a key may use, and the whole catalog with include=all', async () => {
    const gql = async <T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> => {
      const response = await fetch(`${embedded.controlPlaneUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: unknown[] };
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const { demo } = embedded;
    const token = (
      await gql<{ login: { accessToken: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p, tenant: "demo") { accessToken } }', {
        e: demo.admin.email,
        p: demo.admin.password,
      })
    ).login.accessToken;
    const connections = await gql<{ connections: { edges: { node: { id: string; name: string } }[] } }>(
      '{ connections(first: 100) { edges { node { id name } } } }',
      {},
      token,
    );
    const stripe = connections.connections.edges.find((e) => e.node.name === 'demo stripe')!.node.id;
    const key = (
      await gql<{ createApiKey: { secret: string } }>(
        'mutation($c: [String!]) { createApiKey(input: { name: "stripe only", scopes: ["call:Tool", "read:Tool"], allowedConnections: $c }) { secret } }',
        { c: [stripe] },
        token,
      )
    ).createApiKey.secret;
    const listed = async (query: string) => {
      for (let attempt = 0; ; attempt++) {
        const answer = await get<ToolList>(`/v1/tools${query}`, key);
        if (answer.status === 200 || attempt > 50) return answer;
        await new Promise((r) => setTimeout(r, 100)); // until the data plane has seen the new key
      }
    };

    const usable = (await listed('')).body.tools.map((t) => t.name);
    expect(usable.length).toBeGreaterThan(0);
    expect(usable.filter((name) => !name.startsWith('stripe.'))).toEqual([]);
    const all = (await listed('?include=all&limit=200')).body.tools.map((t) => t.name);
    expect(all).toEqual(expect.arrayContaining(['stripe.list_customers', 'slack.post_message', 'zendesk.update_ticket']));
  });

  it('pages GET /v1/tools with a cursor: each tool once, in order', async () => {
    const whole = (await get<ToolList>('/v1/tools?limit=200')).body.tools.map((t) => t.name);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await get<ToolList>(`/v1/tools?limit=9${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.tools.length).toBeLessThanOrEqual(9);
      paged.push(...page.body.tools.map((t) => t.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole);
  });

  it.each([
    ['/v1/tools?limit=0', 'limit'],
    ['/v1/tools?limit=5000', 'limit'],
    ['/v1/tools?sideEffect=explosive', 'sideEffect.0'],
    ['/v1/tools?provider=nope', 'provider'],
    ['/v1/tools?cursor=garbage', 'cursor'],
    ['/v1/tools?colour=blue', 'colour'],
    ['/v1/tools/search', 'q'],
    ['/v1/tools/search?q=ticket&limit=51', 'limit'],
  ])('answers %s with 400 invalid_input naming %s', async (path, field) => {
    const { status, body } = await get<ErrorBody>(path);
    expect([status, body.error.code, body.error.field]).toEqual([400, 'invalid_input', field]);
  });

  it('ranks tools for a task: "post a message to a channel" finds slack.post_message first', async () => {
    const { status, body } = await get<{ tools: { name: string; usable: boolean; inputSchema: object }[] }>(
      `/v1/tools/search?q=${encodeURIComponent('post a message to a channel')}`,
    );
    expect(status).toBe(200);
    expect(body.tools[0]).toMatchObject({ name: 'slack.post_message', usable: true, inputSchema: expect.objectContaining({ type: 'object' }) });
  });

  it('pages MCP tools/list with nextCursor and lists what GET /v1/tools lists, search_tools first', async () => {
    const client = await mcp();
    const rest = (await get<ToolList>('/v1/tools?limit=200')).body.tools.map((t) => t.name);
    const listed: Tool[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.listTools(cursor ? { cursor } : {});
      listed.push(...page.tools);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(pages).toBeGreaterThan(1);
    expect(listed[0].name).toBe('search_tools');
    expect(listed.slice(1).map((t) => t.name)).toEqual(rest);

    const refused = await client.listTools({ cursor: 'not-ours' }).then(
      () => undefined,
      (error: unknown) => error as McpError,
    );
    expect(refused?.code).toBe(ErrorCode.InvalidParams);
  });

  it('answers the MCP search_tools tool with ranked, callable tools, and refuses bad arguments as -32602', async () => {
    const client = await mcp();
    const result = (await client.callTool({ name: 'search_tools', arguments: { query: 'close a ticket', limit: 5 } })) as CallToolResult;
    const names = (result.structuredContent as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(names).toContain('zendesk.update_ticket');
    expect(names.length).toBeLessThanOrEqual(5);

    const refused = await client.callTool({ name: 'search_tools', arguments: { query: '' } }).then(
      () => undefined,
      (error: unknown) => error as McpError,
    );
    expect(refused?.code).toBe(ErrorCode.InvalidParams);
  });
});
