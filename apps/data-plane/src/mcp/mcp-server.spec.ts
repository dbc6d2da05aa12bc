import { catalog } from '@causeway/connectors';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { pipelineHarness } from '../call/call-pipeline.test-support';
import { toolScope } from '../tools/tool-scope';
import { createMcpServer } from './mcp-server';

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a JSON-RPC error');
    },
    (error: unknown) => error as McpError,
  );

/** `tools/call` as a conformant MCP client sees it: which refusals are protocol errors, and how they read. */
describe('MCP tools/call refusals', () => {
  async function connected() {
    const h = pipelineHarness();
    const client = new Client({ name: 'spec', version: '1.0.0' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const principal = h.principal();
    await createMcpServer(h.pipeline, { principal, tools: toolScope(h.view, principal), requestId: 'req-mcp', explain: false }).connect(serverSide);
    await client.connect(clientSide);
    return { h, client };
  }

  it('answers arguments that miss the input schema with -32602 listing every argument error, and sends nothing upstream', async () => {
    const { h, client } = await connected();
    const error = await refusal(client.callTool({ name: 'slack.post_message', arguments: { channel: 42, surprise: true } }));

    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(error.message).toContain('slack.post_message');
    const data = error.data as { code: string; errors: { field: string; message: string }[] };
    expect(data.code).toBe('invalid_input');
    expect(data.errors).toEqual(
      expect.arrayContaining([
        { field: 'text', message: 'is required' },
        { field: 'channel', message: expect.stringContaining('string') },
        { field: 'surprise', message: 'is not an argument of this tool' },
      ]),
    );
    // Plain sentences, not a validator dump.
    expect(error.message).not.toMatch(/instancePath|"code":/);
    expect(h.upstream.sent).toHaveLength(0);
    expect(h.audited()).toMatchObject([{ outcome: 'failed', details: { errorCode: 'invalid_input' } }]);
  });

  it('answers a malformed _causeway option with -32602 naming it', async () => {
    const { client } = await connected();
    const error = await refusal(
      client.callTool({ name: 'slack.post_message', arguments: { channel: 'C1', text: 'hi', _causeway: { connectionId: 'not-a-uuid' } } }),
    );
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect((error.data as { errors: { field: string }[] }).errors).toEqual([{ field: '_causeway.connectionId', message: expect.any(String) }]);
  });

  it('answers an unknown tool with a protocol error pointing at tools/list', async () => {
    const { client } = await connected();
    const error = await refusal(client.callTool({ name: 'slack.post_mesage', arguments: {} }));
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(error.message).toContain('tools/list');
    expect(error.data).toMatchObject({ code: 'not_found', field: 'name' });
  });

  it('keeps failures of a call that ran as isError results', async () => {
    const { h, client } = await connected();
    h.upstream.answer = async () =>
      ({ ok: false, error: { code: 'upstream_not_found', message: 'channel_not_found', retryable: false }, upstreamStatus: 404 }) as never;
    const result = await client.callTool({ name: 'slack.post_message', arguments: { channel: 'C1', text: 'hi' } });
    expect(result.isError).toBe(true);
    expect(result._meta?.['causeway/error']).toMatchObject({ code: 'upstream_not_found' });
  });
});

/** `tools/list` paging and the `search_tools` tool, as a conformant MCP client sees them. */
describe('MCP tools/list and search_tools', () => {
  async function connected() {
    const h = pipelineHarness();
    const client = new Client({ name: 'spec', version: '1.0.0' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const principal = h.principal();
    await createMcpServer(h.pipeline, { principal, tools: toolScope(h.view, principal), requestId: 'req-mcp', explain: false }).connect(serverSide);
    await client.connect(clientSide);
    return { h, client };
  }

  it('lists search_tools and the tools of the tenant’s one connection (Slack), on one page', async () => {
    const { client } = await connected();
    const page = await client.listTools();
    expect(page.nextCursor).toBeUndefined();
    expect(page.tools[0].name).toBe('search_tools');
    expect(page.tools.slice(1).map((t) => t.name)).toEqual(
      catalog
        .listActions()
        .filter(({ provider }) => provider.id === 'slack')
        .map(({ action }) => action.id),
    );
  });

  it('pages the whole catalog with include=all, and refuses a cursor it did not give out with -32602', async () => {
    const { client } = await connected();
    const meta = { 'causeway/include': 'all' };
    const first = await client.listTools({ _meta: meta });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await client.listTools({ cursor: first.nextCursor, _meta: meta });
    expect(second.tools.map((t) => t.name)).not.toContain(first.tools[1].name);
    const error = await client.listTools({ cursor: 'bm90LW91cnM' }).then(
      () => undefined,
      (e: unknown) => e as McpError,
    );
    expect(error?.code).toBe(ErrorCode.InvalidParams);
    expect(error?.data).toMatchObject({ code: 'invalid_input', field: 'cursor' });
  });

  it('ranks tools for a task with search_tools, calling nothing upstream and recording no call', async () => {
    const { h, client } = await connected();
    const result = await client.callTool({ name: 'search_tools', arguments: { query: 'post a message to a channel', limit: 3 } });
    const found = (result.structuredContent as { tools: { name: string; usable: boolean }[] }).tools;
    expect(found[0]).toMatchObject({ name: 'slack.post_message', usable: true });
    expect(found.length).toBeLessThanOrEqual(3);
    expect(h.upstream.sent).toHaveLength(0);
    expect(h.audited()).toEqual([]);
  });

  it('refuses search_tools arguments that miss its schema with -32602 naming the argument', async () => {
    const { client } = await connected();
    const error = await refusal(client.callTool({ name: 'search_tools', arguments: { query: 'x', limit: 500 } }));
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect((error.data as { errors: { field: string }[] }).errors).toEqual([{ field: 'limit', message: expect.any(String) }]);
  });
});
