import Fastify, { type FastifyInstance } from 'fastify';
import { AppError } from '@causeway/platform';
import { agentOf, isAgentRoute, registerAgentKeyHook } from './agent-key-hook';
import type { AgentPrincipal } from './api-key-authenticator';

const AGENT = { tenantId: 't1', keyId: 'k1' } as AgentPrincipal;

describe('the agent-key hook (agents are authenticated in one place)', () => {
  let fastify: FastifyInstance;
  const authenticated: string[] = [];

  beforeAll(async () => {
    fastify = Fastify();
    registerAgentKeyHook(
      fastify,
      (authorization) => {
        authenticated.push(String(authorization));
        if (authorization === 'Bearer suspended') throw new AppError('forbidden', 'this tenant is suspended');
        if (authorization !== 'Bearer good') throw new AppError('unauthenticated', 'send a valid API key');
        return AGENT;
      },
      (request) => (request.routeOptions.url === '/mcp' ? 'Bearer realm="causeway"' : undefined),
    );
    const whoAmI = async (request: Parameters<typeof agentOf>[0]) => ({ keyId: agentOf(request).keyId });
    fastify.get('/v1/tools', whoAmI);
    fastify.post('/v1/webhooks/:tenantId/:connectionId', async (request) => ({ agent: request.agent }));
    fastify.post('/mcp', whoAmI);
    fastify.get('/healthz', async (request) => ({ agent: request.agent }));
    fastify.get('/unguarded', whoAmI);
    await fastify.ready();
  });

  afterAll(() => fastify.close());
  beforeEach(() => (authenticated.length = 0));

  it('hands the agent to the route when the key is good', async () => {
    const r = await fastify.inject({ method: 'GET', url: '/v1/tools', headers: { authorization: 'Bearer good' } });
    expect([r.statusCode, r.json()]).toEqual([200, { keyId: 'k1' }]);
  });

  it('answers a refused key with the contract body before the route runs', async () => {
    const r = await fastify.inject({ method: 'GET', url: '/v1/tools', headers: { authorization: 'Bearer bad' } });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ error: { code: 'unauthenticated', retryable: false } });
    expect(r.headers['www-authenticate']).toBeUndefined();
    const suspended = await fastify.inject({ method: 'GET', url: '/v1/tools', headers: { authorization: 'Bearer suspended' } });
    expect([suspended.statusCode, suspended.json().error.code]).toEqual([403, 'forbidden']);
  });

  it('checks the route that matched, so a percent-encoded spelling of an agent path is checked too', async () => {
    const r = await fastify.inject({ method: 'GET', url: '/v1/%74ools' });
    expect(r.statusCode).toBe(401);
  });

  it('adds the route challenge to a 401 of the MCP endpoint', async () => {
    const r = await fastify.inject({ method: 'POST', url: '/mcp', payload: {} });
    expect([r.statusCode, r.headers['www-authenticate']]).toEqual([401, 'Bearer realm="causeway"']);
  });

  it('leaves vendor webhooks, probes and unknown paths alone', async () => {
    expect((await fastify.inject({ method: 'POST', url: '/v1/webhooks/t/c', payload: {} })).json()).toEqual({ agent: null });
    expect((await fastify.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await fastify.inject({ method: 'GET', url: '/v1/nothing-here' })).statusCode).toBe(404);
    expect(authenticated).toEqual([]);
  });

  it('fails closed on a route the hook does not cover: no agent, no call', async () => {
    expect((await fastify.inject({ method: 'GET', url: '/unguarded', headers: { authorization: 'Bearer good' } })).statusCode).toBe(401);
    expect(() => agentOf({ agent: null } as Parameters<typeof agentOf>[0])).toThrow(expect.objectContaining({ code: 'unauthenticated' }) as AppError);
  });

  it('names the agent routes: /v1 and /mcp, not webhooks or anything else', () => {
    expect(['/v1/tools', '/v1/actions/:tool', '/v1/proxy/:connectionId/*', '/v1/events', '/v1/approvals/:id', '/mcp'].every(isAgentRoute)).toBe(true);
    expect(['/v1/webhooks/:tenantId/:connectionId', '/openapi.json', '/internal/tenants/:tenantId/approvals', '/healthz', undefined].some(isAgentRoute)).toBe(
      false,
    );
  });
});
