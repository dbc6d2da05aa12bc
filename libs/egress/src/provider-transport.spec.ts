import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AllowList } from './allow-list';
import { createEgressGuard, type EgressGuard } from './guard';
import type { Resolver } from './resolver';
import { hostsOfUrls, providerTransport } from './transport';

/** `id.tenant.example` was public when the admin configured it; it now resolves to loopback. */
const rebound: Resolver = async (hostname) => (hostname === 'id.tenant.example' ? [{ address: '127.0.0.1', family: 4 }] : []);

describe('providerTransport', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  let guards: EgressGuard[] = [];
  const egress = (options: Parameters<typeof createEgressGuard>[0]) => {
    const guard = createEgressGuard(options);
    guards.push(guard);
    return guard;
  };

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(async () => {
    await Promise.all(guards.map((g) => g.close()));
    guards = [];
    hits = 0;
  });

  const get = (guard: EgressGuard, allowedUrl: string, url = allowedUrl) => providerTransport(guard, [], [allowedUrl])({ method: 'GET', url, headers: {} });

  it('refuses a configured host that now resolves to a private address, sending nothing', async () => {
    const e = egress({ resolver: rebound, settings: { plainHttp: 'allowed_private' } });
    await expect(get(e, `http://id.tenant.example:${port}/userinfo`)).rejects.toMatchObject({ errorCode: 'forbidden' });
    expect(hits).toBe(0);
  });

  it('reaches it where the operator allows the address (simulators, the embedded default)', async () => {
    const e = egress({ resolver: rebound, settings: { allowPrivate: AllowList.parse('127.0.0.1/32'), plainHttp: 'allowed_private' } });
    expect((await get(e, `http://id.tenant.example:${port}/userinfo`)).status).toBe(200);
    expect(hits).toBe(1);
  });

  it('refuses a host that is neither declared by the provider nor configured', async () => {
    const e = egress({ resolver: rebound, settings: { allowPrivate: AllowList.parse('127.0.0.1/32'), plainHttp: 'allowed_private' } });
    await expect(get(e, `http://id.tenant.example:${port}/userinfo`, `http://other.example:${port}/`)).rejects.toMatchObject({ errorCode: 'forbidden' });
    expect(hits).toBe(0);
  });

  it('takes hosts from URLs with path templates and skips what is not a URL', () => {
    expect(hostsOfUrls(['https://api.atlassian.com/ex/jira/{cloudId}', 'C0GENERAL01', undefined, null, 'https://acme.my.salesforce.com'])).toEqual([
      'api.atlassian.com',
      'acme.my.salesforce.com',
    ]);
  });
});
