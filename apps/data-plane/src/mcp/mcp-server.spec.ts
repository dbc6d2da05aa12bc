import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { pipelineHarness } from '../call/call-pipeline.test-support';
import { toolScope } from '../tools/tool-scope';
import { createMcpServer } from './mcp-server';

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
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a JSON-RPC error');
      },
      (error: unknown) => error as McpError,
    );

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
    const error = await refusal(client.callTool({ name: 'slack.post_message', arguments: { channel: 'C1', text: 'hi', _causeway: { connectionId: 'not-a-uuid' } } }));
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
    h.upstream.answer = async () => ({ ok: false, error: { code: 'upstream_not_found', message: 'channel_not_found', retryable: false }, upstreamStatus: 404 }) as never;
    const result = await client.callTool({ name: 'slack.post_message', arguments: { channel: 'C1', text: 'hi' } });
    expect(result.isError).toBe(true);
    expect(result._meta?.['causeway/error']).toMatchObject({ code: 'upstream_not_found' });
  });
});
