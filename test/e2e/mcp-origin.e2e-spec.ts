import { startEmbeddedProcess, type EmbeddedProcess } from '../support/embedded-process';

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'origin-test', version: '1' } },
};

/**
 * The embedded default listens on loopback, the target of DNS rebinding: a page on
 * evil.example whose name is re-bound to 127.0.0.1 reaches `POST /mcp` with its own Origin.
 * The data plane refuses any Origin but its own and the configured ones (MCP transport spec).
 */
describe('MCP endpoint and the Origin header', () => {
  let embedded: EmbeddedProcess | undefined;
  let mcpUrl = '';
  let port = '';
  let apiKey = '';

  beforeAll(async () => {
    embedded = await startEmbeddedProcess({ name: 'mcp-origin', env: { MCP_ALLOWED_ORIGINS: 'https://agents.example.com' } });
    mcpUrl = `${embedded.dataPlaneUrl}/mcp`;
    port = new URL(embedded.dataPlaneUrl).port;
    apiKey = embedded.demo.apiKey.key;
  }, 180_000);

  afterAll(async () => {
    await embedded?.stop();
  });

  const post = (origin?: string) =>
    fetch(mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(origin ? { origin } : {}),
      },
      body: JSON.stringify(initialize),
    });

  it('refuses a foreign Origin with 403 and a JSON-RPC error, even with a valid key', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, 'http://127.0.0.1:1']) {
      const refused = await post(origin);
      expect({ origin, status: refused.status, body: await refused.json() }).toEqual({
        origin,
        status: 403,
        body: { jsonrpc: '2.0', id: null, error: { code: -32000, message: expect.any(String), data: { code: 'origin_not_allowed' } } },
      });
    }
  });

  it('serves callers without an Origin, its own origin and the configured ones', async () => {
    for (const origin of [undefined, `http://127.0.0.1:${port}`, `http://localhost:${port}`, 'https://agents.example.com']) {
      const served = await post(origin);
      expect({ origin, status: served.status }).toEqual({ origin, status: 200 });
    }
  });
});
