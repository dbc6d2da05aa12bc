import Fastify, { type FastifyInstance } from 'fastify';
import { isOriginAllowed, refuseForeignOrigin } from './origin-check';

describe('MCP Origin check (DNS-rebinding guard)', () => {
  const allowed = new Set(['https://agents.example.com']);

  it('lets requests without an Origin through: agents and CLIs send none', () => {
    expect(isOriginAllowed(undefined, 4100, allowed)).toBe(true);
  });

  it('allows configured origins and the data plane’s own loopback origin', () => {
    expect(isOriginAllowed('https://agents.example.com', 4100, allowed)).toBe(true);
    for (const origin of ['http://127.0.0.1:4100', 'http://localhost:4100', 'http://[::1]:4100']) expect(isOriginAllowed(origin, 4100, allowed)).toBe(true);
  });

  it('refuses a re-bound host name, another loopback port, a look-alike and garbage', () => {
    for (const origin of [
      'http://evil.example:4100',
      'http://127.0.0.1:3000',
      'https://agents.example.com.evil.example',
      'http://agents.example.com',
      'null',
      'not a url',
    ]) {
      expect({ origin, allowed: isOriginAllowed(origin, 4100, allowed) }).toEqual({ origin, allowed: false });
    }
  });

  describe('on a route', () => {
    let app: FastifyInstance;
    let port: number;

    beforeAll(async () => {
      app = Fastify();
      app.post('/mcp', async (request, reply) => {
        if (refuseForeignOrigin(request, reply, allowed)) return reply;
        return { ok: true };
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      port = (app.server.address() as { port: number }).port;
    });

    afterAll(() => app.close());

    const post = (origin?: string) =>
      fetch(`http://127.0.0.1:${port}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) }, body: '{}' });

    it('answers a foreign Origin with 403 and a JSON-RPC error naming the code', async () => {
      const refused = await post('http://evil.example');
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32000, message: expect.stringContaining('Origin'), data: { code: 'origin_not_allowed' } },
      });
    });

    it('serves its own origin and callers without one', async () => {
      expect((await post(`http://127.0.0.1:${port}`)).status).toBe(200);
      expect((await post()).status).toBe(200);
    });
  });
});
