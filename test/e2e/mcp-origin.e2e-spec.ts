import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort, startTsProcess, waitForReady, type ServiceProcess } from '@causeway/testing';

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
  const dataDir = mkdtempSync(join(tmpdir(), 'causeway-mcp-origin-'));
  let proc: ServiceProcess | undefined;
  let mcpUrl = '';
  let port = '';
  let apiKey = '';

  beforeAll(async () => {
    const env = {
      CAUSEWAY_DATA_DIR: dataDir,
      CONTROL_PLANE_PORT: String(await freePort()),
      DATA_PLANE_PORT: String(await freePort()),
      AUDIT_PORT: String(await freePort()),
      EMBEDDED_DB_PORT: String(await freePort()),
      LOG_LEVEL: 'error',
      DATABASE_URL: '',
      KAFKA_BROKERS: '',
      MCP_ALLOWED_ORIGINS: 'https://agents.example.com',
    };
    port = env.DATA_PLANE_PORT;
    mcpUrl = `http://127.0.0.1:${port}/mcp`;
    proc = startTsProcess('embedded', 'apps/embedded/src/main.ts', env);
    for (const p of [env.CONTROL_PLANE_PORT, env.DATA_PLANE_PORT, env.AUDIT_PORT]) await waitForReady(`http://127.0.0.1:${p}/readyz`, proc);
    await eventually(() => (proc!.output().includes('Causeway is running') ? true : undefined), { timeoutMs: 90_000, what: 'the start-up banner' });
    apiKey = (JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as { apiKey: { key: string } }).apiKey.key;
  }, 180_000);

  afterAll(async () => {
    await proc?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
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
