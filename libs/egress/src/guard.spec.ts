import { AllowList } from './allow-list';
import type { DialTarget } from './connector';
import { EgressNetworkError, EgressRefusedError, EgressTimeoutError, RequestTooLargeError, ResponseTooLargeError } from './errors';
import { guardedFetch, type EgressGuardOptions } from './guard';
import type { EgressPolicy } from './policy';
import { fakeResolver, guardFactory, LOOPBACK_ONLY, startUpstream, type LocalUpstream } from './testing/local-upstream.test-support';
import { TEST_CA_PEM } from './testing/tls.test-support';

/*
 * Every socket these tests open goes to 127.0.0.1. Names resolve through a fake resolver;
 * "public" addresses are only ever dialled through the `dial` seam, which sends them to loopback.
 */

const policy: EgressPolicy = { declaredHosts: ['api.example.com', '*.example.com'] };
const guards = guardFactory();
const upstreams: LocalUpstream[] = [];

async function upstream(...args: Parameters<typeof startUpstream>): Promise<LocalUpstream> {
  const started = await startUpstream(...args);
  upstreams.push(started);
  return started;
}

const ok = () => upstream((_req, res) => res.end('ok'));

function guardWith(options: Omit<EgressGuardOptions, 'settings'> & { allow?: string; settings?: EgressGuardOptions['settings'] } = {}) {
  const { allow, settings, ...rest } = options;
  return guards.make({
    resolver: fakeResolver({ 'api.example.com': ['127.0.0.1'] }),
    ...rest,
    settings: { allowPrivate: AllowList.parse(allow ?? ''), ...settings },
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

afterEach(async () => {
  await guards.closeAll();
  await Promise.all(upstreams.splice(0).map((u) => u.close()));
});

describe('EgressGuard: one answer for every refusal', () => {
  it('answers "refused by egress policy" alike for a listening and a closed loopback port, an undeclared host and a metadata name', async () => {
    const listening = await ok();
    const closed = await ok();
    await closed.close();
    const guard = guardWith({ allow: `127.0.0.1:${listening.port + 1}` });
    const loopback: EgressPolicy = { declaredHosts: ['127.0.0.1'] };
    const refusals = [
      await rejection(guard.fetch(`http://127.0.0.1:${listening.port}/graphql`, { method: 'POST' }, loopback)),
      await rejection(guard.fetch(`http://127.0.0.1:${closed.port}/`, {}, loopback)),
      await rejection(guard.fetch('https://elsewhere.test/', {}, policy)),
      await rejection(guard.fetch('http://metadata.google.internal/', {}, { declaredHosts: ['metadata.google.internal'] })),
    ];
    expect(refusals.map((error) => [error.constructor.name, error.message])).toEqual(Array(4).fill(['EgressRefusedError', 'refused by egress policy']));
    // Why, for the operator's log: never in what the caller reads.
    expect((refusals[0] as EgressRefusedError).detail).toBe('127.0.0.1 is a non-public address (loopback)');
    expect(listening.seen).toHaveLength(0);
  });

  it('admits exactly the host:port pairs of the allow-list, not the rest of loopback', async () => {
    const simulator = await ok();
    const controlPlane = await ok();
    const guard = guardWith({ allow: `127.0.0.1:${simulator.port}` });
    const loopback: EgressPolicy = { declaredHosts: ['127.0.0.1'] };
    expect((await guard.fetch(`http://127.0.0.1:${simulator.port}/`, {}, loopback)).status).toBe(200);
    const refused = await rejection(guard.fetch(`http://127.0.0.1:${controlPlane.port}/graphql`, { method: 'POST', body: '{}' }, loopback));
    expect(refused.message).toBe('refused by egress policy');
    expect(controlPlane.seen).toHaveLength(0);
  });
});

describe('EgressGuard: private destinations', () => {
  it.each([
    ['10.0.0.5', 'private'],
    ['169.254.169.254', 'metadata'],
    ['127.0.0.1', 'loopback'],
    ['100.64.1.1', 'shared'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'link_local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
  ])('refuses a declared host that resolves to %s (%s)', async (address, category) => {
    const up = await ok();
    const guard = guardWith({ resolver: fakeResolver({ 'api.example.com': [address] }) });
    const error = await rejection(guard.fetch(`http://api.example.com:${up.port}/v1?api_key=s3cret`, {}, policy));
    expect(error).toBeInstanceOf(EgressRefusedError);
    expect(error).toMatchObject({ reason: 'private_address', category, host: 'api.example.com', code: 'EGRESS_PRIVATE_ADDRESS', errorCode: 'forbidden' });
    expect(error.message).not.toContain('s3cret');
    expect(error.message).not.toContain(address);
    expect(up.seen).toHaveLength(0);
  });

  it.each([
    'http://2130706433:PORT/',
    'http://0x7f.1:PORT/',
    'http://0177.0.0.1:PORT/',
    'http://127.1:PORT/',
    'http://127.0.0.1.:PORT/',
    'http://[::ffff:127.0.0.1]:PORT/',
  ])('refuses the numeric-host trick %s without the allow-list, even when declared', async (template) => {
    const up = await ok();
    const resolver = fakeResolver({});
    const guard = guardWith({ resolver });
    const error = await rejection(
      guard.fetch(template.replace('PORT', String(up.port)), {}, { declaredHosts: [], instanceHosts: ['127.0.0.1', '::ffff:7f00:1'] }),
    );
    expect(error).toMatchObject({ reason: 'private_address', category: 'loopback' });
    expect(resolver.calls).toHaveLength(0);
    expect(up.seen).toHaveLength(0);
  });

  it('refuses an answer that mixes a public and a private address', async () => {
    const guard = guardWith({ resolver: fakeResolver({ 'api.example.com': ['93.184.216.34', '10.0.0.5'] }) });
    expect(await rejection(guard.fetch('https://api.example.com/', {}, policy))).toMatchObject({ reason: 'private_address', category: 'private' });
  });

  it('refuses metadata.google.internal by name without resolving it', async () => {
    const resolver = fakeResolver({ 'metadata.google.internal': ['127.0.0.1'] });
    const guard = guardWith({ resolver, allow: LOOPBACK_ONLY });
    const error = await rejection(guard.fetch('http://metadata.google.internal/computeMetadata/v1/', {}, { declaredHosts: ['metadata.google.internal'] }));
    expect(error).toMatchObject({ reason: 'private_address', category: 'metadata' });
    expect(resolver.calls).toHaveLength(0);
  });

  it('refuses a host the connector does not declare before resolving it', async () => {
    const resolver = fakeResolver({ 'evil.test': ['127.0.0.1'] });
    const guard = guardWith({ resolver, allow: LOOPBACK_ONLY });
    const error = await rejection(guard.fetch('http://evil.test/', {}, policy));
    expect(error).toMatchObject({ reason: 'host_not_declared', host: 'evil.test', code: 'EGRESS_HOST_NOT_DECLARED' });
    expect(resolver.calls).toHaveLength(0);
  });

  it('refuses plain http to a public address', async () => {
    const dialled: DialTarget[] = [];
    const guard = guardWith({
      resolver: fakeResolver({ 'api.example.com': ['93.184.216.34'] }),
      dial: (t) => (dialled.push(t), { address: '127.0.0.1', port: 9 }),
    });
    expect(await rejection(guard.fetch('http://api.example.com/', {}, policy))).toMatchObject({ reason: 'scheme' });
    expect(dialled).toHaveLength(0);
  });
});

describe('EgressGuard: the operator allow-list', () => {
  it('admits a private destination it names, over plain http', async () => {
    const up = await upstream((req, res) => res.end(`hello ${req.headers.host}`));
    const guard = guardWith({ allow: LOOPBACK_ONLY });
    const response = await guard.fetch(
      `http://api.example.com:${up.port}/v1/things?q=1`,
      { headers: { Host: 'evil.test', Accept: 'application/json' } },
      policy,
    );
    expect(response).toMatchObject({ status: 200, redirects: 0, url: `http://api.example.com:${up.port}/v1/things?q=1` });
    // The URL decides the Host header; a caller-supplied one is dropped.
    expect(response.body.toString()).toBe(`hello api.example.com:${up.port}`);
    expect(up.seen[0]).toMatchObject({ method: 'GET', path: '/v1/things?q=1' });
    expect(up.seen[0].headers.accept).toBe('application/json');
  });

  it('admits nothing it does not name: another loopback address, another port, another host', async () => {
    const allowed = await ok();
    const other = await ok();
    const resolver = fakeResolver({
      'api.example.com': ['127.0.0.1'],
      'loop2.example.com': ['127.0.0.2'],
      'sim.example.com': ['127.0.0.1'],
      'wiki.example.com': ['127.0.0.1'],
    });

    const byPort = guardWith({ resolver, allow: `127.0.0.1:${allowed.port}` });
    expect((await byPort.fetch(`http://api.example.com:${allowed.port}/`, {}, policy)).status).toBe(200);
    expect(await rejection(byPort.fetch(`http://api.example.com:${other.port}/`, {}, policy))).toMatchObject({ reason: 'private_address' });

    const byCidr = guardWith({ resolver, allow: LOOPBACK_ONLY });
    expect(await rejection(byCidr.fetch(`http://loop2.example.com:${allowed.port}/`, {}, policy))).toMatchObject({
      reason: 'private_address',
      category: 'loopback',
    });

    const byHost = guardWith({ resolver, allow: 'sim.example.com' });
    expect((await byHost.fetch(`http://sim.example.com:${allowed.port}/`, {}, policy)).status).toBe(200);
    expect(await rejection(byHost.fetch(`http://wiki.example.com:${allowed.port}/`, {}, policy))).toMatchObject({ reason: 'private_address' });

    expect(other.seen).toHaveLength(0);
    expect(allowed.seen).toHaveLength(2);
  });

  it('does not make an undeclared host reachable', async () => {
    const up = await ok();
    const guard = guardWith({ allow: LOOPBACK_ONLY });
    expect(await rejection(guard.fetch(`http://127.0.0.1:${up.port}/`, {}, policy))).toMatchObject({ reason: 'host_not_declared' });
    expect(up.seen).toHaveLength(0);
  });

  it('refuses plain http even to an allowed target when the operator says never', async () => {
    const up = await ok();
    const guard = guardWith({ allow: LOOPBACK_ONLY, settings: { plainHttp: 'never' } });
    expect(await rejection(guard.fetch(`http://api.example.com:${up.port}/`, {}, policy))).toMatchObject({ reason: 'scheme' });
  });
});

describe('EgressGuard: DNS rebinding', () => {
  it('connects to the address it checked, and a second resolution cannot swap in a private one', async () => {
    // Connection: close forces a new connection (and a new resolution) for the second request.
    const up = await upstream((_req, res) => res.setHeader('connection', 'close').end('public data'));
    const resolver = fakeResolver({ 'api.example.com': [['93.184.216.34'], ['10.0.0.5']] });
    const dialled: DialTarget[] = [];
    const guard = guardWith({
      resolver,
      settings: { plainHttp: 'always' },
      dial: (target) => {
        dialled.push(target);
        return { address: '127.0.0.1', port: target.port };
      },
    });

    const first = await guard.fetch(`http://api.example.com:${up.port}/`, {}, policy);
    expect(first.body.toString()).toBe('public data');
    expect(dialled).toEqual([{ hostname: 'api.example.com', address: '93.184.216.34', family: 4, port: up.port }]);

    const second = await rejection(guard.fetch(`http://api.example.com:${up.port}/`, {}, policy));
    expect(second).toMatchObject({ reason: 'private_address', category: 'private' });
    expect(resolver.calls).toEqual(['api.example.com', 'api.example.com']);
    expect(dialled).toHaveLength(1);
    expect(up.seen).toHaveLength(1);
  });

  it('resolves once per connection: a kept-alive socket is not re-resolved', async () => {
    const up = await ok();
    const resolver = fakeResolver({ 'api.example.com': ['127.0.0.1'] });
    const guard = guardWith({ resolver, allow: LOOPBACK_ONLY });
    for (let i = 0; i < 3; i++) {
      await guard.fetch(`http://api.example.com:${up.port}/`, {}, policy);
      // Let undici hand the socket back to the pool before the next request.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(resolver.calls).toHaveLength(1);
    expect(up.connections).toBe(1);
  });

  it('keeps the hostname for TLS: SNI is sent and the certificate is verified against the name, not the pinned IP', async () => {
    const up = await upstream((req, res) => res.end(`sni=${(req.socket as import('node:tls').TLSSocket).servername}`), { tls: true });
    const resolver = fakeResolver({ 'api.example.com': ['127.0.0.1'], 'other.example.com': ['127.0.0.1'] });
    const guard = guardWith({ resolver, allow: LOOPBACK_ONLY, tls: { ca: TEST_CA_PEM } });

    const response = await guard.fetch(`https://api.example.com:${up.port}/`, {}, policy);
    expect(response.body.toString()).toBe('sni=api.example.com');

    const mismatch = await rejection(guard.fetch(`https://other.example.com:${up.port}/`, {}, policy));
    expect(mismatch).toBeInstanceOf(EgressNetworkError);
    expect(mismatch).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID', host: 'other.example.com' });
  });
});

describe('EgressGuard: redirects', () => {
  it('follows a relative redirect on the same origin, keeping the Authorization header', async () => {
    const up = await upstream((req, res) => {
      if (req.url === '/start') res.writeHead(302, { location: '/next?page=2' }).end();
      else res.end('landed');
    });
    const guard = guardWith({ allow: LOOPBACK_ONLY });
    const response = await guard.fetch(`http://api.example.com:${up.port}/start`, { headers: { authorization: 'Bearer t0ken' } }, policy);
    expect(response).toMatchObject({ status: 200, redirects: 1, url: `http://api.example.com:${up.port}/next?page=2` });
    expect(up.seen.map((r) => r.headers.authorization)).toEqual(['Bearer t0ken', 'Bearer t0ken']);
  });

  it('strips credentials when a redirect leaves the original host', async () => {
    const up = await upstream((req, res) => {
      if (req.headers.host?.startsWith('api.')) res.writeHead(307, { location: `http://files.example.com:${req.socket.localPort}/blob` }).end();
      else res.end('blob');
    });
    const resolver = fakeResolver({ 'api.example.com': ['127.0.0.1'], 'files.example.com': ['127.0.0.1'] });
    const guard = guardWith({ resolver, allow: LOOPBACK_ONLY });
    await guard.fetch(
      `http://api.example.com:${up.port}/download`,
      {
        headers: {
          Authorization: 'Bearer t0ken',
          Cookie: 'sid=1',
          'X-Api-Key': 'k',
          'X-Vendor-Secret-Header': 'v',
          'X-Custom-Cred': 'c',
          Accept: 'application/json',
        },
      },
      { ...policy, sensitiveHeaders: ['X-Custom-Cred'] },
    );
    const [first, second] = up.seen;
    expect(first.headers).toMatchObject({ authorization: 'Bearer t0ken', cookie: 'sid=1', 'x-api-key': 'k', 'x-custom-cred': 'c' });
    expect(second.headers.host).toBe(`files.example.com:${up.port}`);
    for (const name of ['authorization', 'cookie', 'x-api-key', 'x-vendor-secret-header', 'x-custom-cred']) expect(second.headers[name]).toBeUndefined();
    expect(second.headers.accept).toBe('application/json');
  });

  it('refuses a redirect to a declared name that resolves to a private address', async () => {
    const up = await upstream((_req, res) => res.writeHead(302, { location: 'http://internal.example.com/admin' }).end());
    const resolver = fakeResolver({ 'api.example.com': ['127.0.0.1'], 'internal.example.com': ['10.0.0.5'] });
    const guard = guardWith({ resolver, allow: LOOPBACK_ONLY });
    const error = await rejection(guard.fetch(`http://api.example.com:${up.port}/`, {}, policy));
    expect(error).toMatchObject({ reason: 'private_address', host: 'internal.example.com', category: 'private' });
  });

  it('refuses a redirect to the metadata address', async () => {
    const up = await upstream((_req, res) => res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/iam' }).end());
    const guard = guardWith({ allow: LOOPBACK_ONLY });
    const error = await rejection(guard.fetch(`http://api.example.com:${up.port}/`, {}, { ...policy, instanceHosts: ['169.254.169.254'] }));
    expect(error).toMatchObject({ reason: 'private_address', category: 'metadata', host: '169.254.169.254' });
  });

  it('refuses a redirect to an undeclared host', async () => {
    const up = await upstream((_req, res) => res.writeHead(302, { location: 'https://attacker.test/collect?token=abc' }).end());
    const guard = guardWith({ allow: LOOPBACK_ONLY });
    const error = await rejection(guard.fetch(`http://api.example.com:${up.port}/`, {}, policy));
    expect(error).toMatchObject({ reason: 'host_not_declared', host: 'attacker.test' });
    expect(error.message).not.toContain('token=abc');
  });

  it('refuses a redirect from https down to http', async () => {
    const up = await upstream((_req, res) => res.writeHead(302, { location: `http://api.example.com:${_req.socket.localPort}/plain` }).end(), { tls: true });
    const guard = guardWith({ allow: LOOPBACK_ONLY, tls: { ca: TEST_CA_PEM } });
    expect(await rejection(guard.fetch(`https://api.example.com:${up.port}/`, {}, policy))).toMatchObject({ reason: 'scheme_downgrade' });
    expect(up.seen).toHaveLength(1);
  });

  it('gives up after the configured number of redirects', async () => {
    const up = await upstream((req, res) => res.writeHead(302, { location: `/hop${Number(req.url!.slice(4) || 0) + 1}` }).end());
    const guard = guardWith({ allow: LOOPBACK_ONLY, settings: { maxRedirects: 3 } });
    const error = await rejection(guard.fetch(`http://api.example.com:${up.port}/hop0`, {}, policy));
    expect(error).toMatchObject({ reason: 'too_many_redirects', code: 'EGRESS_TOO_MANY_REDIRECTS' });
    expect(up.seen).toHaveLength(4);
  });

  it('turns a POST into a body-less GET on 303 and keeps method and body on 307', async () => {
    const up = await upstream((req, res) => {
      if (req.url === '/see-other') res.writeHead(303, { location: '/result' }).end();
      else if (req.url === '/temporary') res.writeHead(307, { location: '/again' }).end();
      else res.end('done');
    });
    const guard = guardWith({ allow: LOOPBACK_ONLY });
    const init = { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } };
    await guard.fetch(`http://api.example.com:${up.port}/see-other`, init, policy);
    await guard.fetch(`http://api.example.com:${up.port}/temporary`, init, policy);
    expect(up.seen.map((r) => [r.method, r.path, r.body, r.headers['content-type']])).toEqual([
      ['POST', '/see-other', '{"a":1}', 'application/json'],
      ['GET', '/result', '', undefined],
      ['POST', '/temporary', '{"a":1}', 'application/json'],
      ['POST', '/again', '{"a":1}', 'application/json'],
    ]);
  });

  it('returns the redirect itself when asked to', async () => {
    const up = await upstream((_req, res) => res.writeHead(302, { location: 'https://attacker.test/' }).end());
    const guard = guardWith({ allow: LOOPBACK_ONLY });
    const response = await guard.fetch(`http://api.example.com:${up.port}/`, { redirect: 'manual' }, policy);
    expect(response).toMatchObject({ status: 302, redirects: 0, headers: { location: 'https://attacker.test/' } });
  });
});

describe('EgressGuard: caps and timeouts', () => {
  it('refuses a request body over the cap before connecting', async () => {
    const resolver = fakeResolver({ 'api.example.com': ['127.0.0.1'] });
    const guard = guardWith({ resolver, allow: LOOPBACK_ONLY, settings: { maxRequestBytes: 10 } });
    const error = await rejection(guard.fetch('http://api.example.com/', { method: 'POST', body: 'x'.repeat(11) }, policy));
    expect(error).toBeInstanceOf(RequestTooLargeError);
    expect(error).toMatchObject({ errorCode: 'payload_too_large', host: 'api.example.com' });
    expect(resolver.calls).toHaveLength(0);
  });

  it('refuses a response whose Content-Length is over the cap without reading it', async () => {
    const up = await upstream((_req, res) => res.end('y'.repeat(2048)));
    const guard = guardWith({ allow: LOOPBACK_ONLY, settings: { maxResponseBytes: 1024 } });
    const error = await rejection(guard.fetch(`http://api.example.com:${up.port}/big?api_key=s3cret`, {}, policy));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.message).toBe('response from api.example.com exceeded 1024 bytes');
  });

  it('stops reading a streamed response at the cap', async () => {
    const up = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'z'.repeat(512);
      let sent = 0;
      const timer = setInterval(() => {
        if (sent++ > 50 || res.destroyed) {
          clearInterval(timer);
          res.end();
        } else res.write(chunk);
      }, 1);
    });
    const guard = guardWith({ allow: LOOPBACK_ONLY });
    const error = await rejection(guard.fetch(`http://api.example.com:${up.port}/stream`, { maxResponseBytes: 2000 }, policy));
    expect(error).toMatchObject({ name: 'ResponseTooLargeError', limit: 2000, code: 'EGRESS_RESPONSE_TOO_LARGE' });
  });

  it('times out waiting for response headers', async () => {
    const up = await upstream(() => undefined);
    const guard = guardWith({ allow: LOOPBACK_ONLY, settings: { headersTimeoutMs: 100 } });
    const error = await rejection(guard.fetch(`http://api.example.com:${up.port}/`, {}, policy));
    expect(error).toBeInstanceOf(EgressTimeoutError);
    expect(error).toMatchObject({ phase: 'headers', code: 'EGRESS_HEADERS_TIMEOUT', errorCode: 'upstream_timeout' });
  });

  it('times out when the body stalls', async () => {
    const up = await upstream((_req, res) => res.writeHead(200).write('partial'));
    const guard = guardWith({ allow: LOOPBACK_ONLY, settings: { bodyTimeoutMs: 100 } });
    expect(await rejection(guard.fetch(`http://api.example.com:${up.port}/`, {}, policy))).toMatchObject({ phase: 'body' });
  });

  it('enforces the overall deadline against an upstream that trickles forever', async () => {
    const up = await upstream((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('.')), 20);
      res.on('close', () => clearInterval(timer));
    });
    const guard = guardWith({ allow: LOOPBACK_ONLY, settings: { deadlineMs: 10_000, bodyTimeoutMs: 5_000 } });
    const started = Date.now();
    const error = await rejection(guard.fetch(`http://api.example.com:${up.port}/`, { deadlineMs: 250 }, policy));
    expect(error).toMatchObject({ phase: 'deadline', timeoutMs: 250 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('times out a DNS lookup that never answers as a connect timeout', async () => {
    const guard = guardWith({ resolver: () => new Promise(() => undefined), settings: { connectTimeoutMs: 100 } });
    expect(await rejection(guard.fetch('https://api.example.com/', {}, policy))).toMatchObject({ phase: 'connect', host: 'api.example.com' });
  });

  it("gives back the caller's own abort reason", async () => {
    const up = await upstream(() => undefined);
    const guard = guardWith({ allow: LOOPBACK_ONLY });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('client went away')), 50);
    expect((await rejection(guard.fetch(`http://api.example.com:${up.port}/`, { signal: controller.signal }, policy))).message).toBe('client went away');
  });

  it('reports a refused connection by host and code, not by address', async () => {
    const up = await ok();
    const port = up.port;
    await up.close();
    upstreams.splice(upstreams.indexOf(up), 1);
    const guard = guardWith({ allow: LOOPBACK_ONLY });
    const error = await rejection(guard.fetch(`http://api.example.com:${port}/`, {}, policy));
    expect(error).toBeInstanceOf(EgressNetworkError);
    expect(error.message).toBe('could not reach api.example.com (ECONNREFUSED)');
  });

  it('refuses CONNECT and TRACE', async () => {
    const guard = guardWith({ allow: LOOPBACK_ONLY });
    expect(await rejection(guard.fetch('http://api.example.com/', { method: 'TRACE' }, policy))).toMatchObject({ reason: 'method' });
    expect(await rejection(guard.fetch('http://api.example.com/', { method: 'connect' }, policy))).toMatchObject({ reason: 'method' });
  });
});

describe('guardedFetch', () => {
  it('sends through the guard it is given', async () => {
    const up = await ok();
    const guard = guardWith({ allow: LOOPBACK_ONLY });
    const response = await guardedFetch(`http://api.example.com:${up.port}/raw`, { guard, method: 'DELETE' }, policy);
    expect(response.status).toBe(200);
    expect(up.seen[0]).toMatchObject({ method: 'DELETE', path: '/raw' });
  });

  it('falls back to the strict default settings, under which nothing private is reachable', async () => {
    const up = await ok();
    const error = await rejection(guardedFetch(`http://127.0.0.1:${up.port}/`, {}, { declaredHosts: [], instanceHosts: ['127.0.0.1'] }));
    expect(error).toMatchObject({ reason: 'private_address', category: 'loopback' });
    expect(up.seen).toHaveLength(0);
  });
});
