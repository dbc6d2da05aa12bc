import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AllowList, createEgressGuard, type EgressGuard, type Resolver } from '@causeway/egress';
import { guardedTokenTransport } from './token-transport';

/** A token endpoint on loopback that counts what reaches it. */
async function tokenEndpoint(): Promise<{ port: number; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"a","token_type":"bearer"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, hits: () => hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** `login.tenant.example` first resolves to a public address, then (rebound) to loopback. */
const reboundTo127: Resolver = async (hostname) => (hostname === 'login.tenant.example' ? [{ address: '127.0.0.1', family: 4 }] : []);

describe('guardedTokenTransport', () => {
  let endpoint: Awaited<ReturnType<typeof tokenEndpoint>>;
  let guards: EgressGuard[] = [];
  const guard = (options: Parameters<typeof createEgressGuard>[0]) => {
    const g = createEgressGuard(options);
    guards.push(g);
    return g;
  };

  beforeEach(async () => {
    endpoint = await tokenEndpoint();
  });
  afterEach(async () => {
    await Promise.all(guards.map((g) => g.close()));
    guards = [];
    await endpoint.close();
  });

  const refresh = (g: EgressGuard, url: string) =>
    guardedTokenTransport(g)(url, 'generic_oauth2')({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token&refresh_token=r' });

  it('refuses a token URL whose name now resolves to a private address, and sends nothing', async () => {
    const g = guard({ resolver: reboundTo127, settings: { plainHttp: 'allowed_private' } });
    await expect(refresh(g, `http://login.tenant.example:${endpoint.port}/token`)).rejects.toMatchObject({ errorCode: 'forbidden' });
    expect(endpoint.hits()).toBe(0);
  });

  it('sends to a private address only where the operator allows it (the simulators)', async () => {
    const g = guard({ resolver: reboundTo127, settings: { allowPrivate: AllowList.parse('127.0.0.1/32'), plainHttp: 'allowed_private' } });
    const response = await refresh(g, `http://login.tenant.example:${endpoint.port}/token`);
    expect(response.status).toBe(200);
    expect(endpoint.hits()).toBe(1);
  });

  it('refuses a host other than the token URL names', async () => {
    const g = guard({ resolver: reboundTo127, settings: { allowPrivate: AllowList.parse('127.0.0.1/32'), plainHttp: 'allowed_private' } });
    const transport = guardedTokenTransport(g)(`http://login.tenant.example:${endpoint.port}/token`, 'generic_oauth2');
    await expect(transport({ method: 'POST', url: `http://other.example:${endpoint.port}/token`, headers: {}, body: '' })).rejects.toMatchObject({ errorCode: 'forbidden' });
    expect(endpoint.hits()).toBe(0);
  });
});
