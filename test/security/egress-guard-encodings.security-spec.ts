import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AllowList, createEgressGuard, type DialTarget, type EgressGuard, type ResolvedAddress } from '@causeway/egress';

/**
 * The private ranges and metadata addresses the service-level SSRF suite cannot aim at (no packet
 * may leave this machine), judged by the real guard every outbound path uses. Names resolve
 * through an injected resolver; the injected dialer records every connection the guard approves
 * and sends it to a loopback listener, so even a wrong approval reaches nothing outside.
 */

const REFUSED = /refused by egress policy/i;

/** Private, link-local, CGNAT, metadata and unspecified addresses, in the spellings a URL parser accepts. */
const PRIVATE_LITERALS: Record<string, string> = {
  '10/8': '10.0.0.1',
  '10/8 upper edge': '10.255.255.254',
  '172.16/12': '172.16.0.1',
  '172.31 (end of 172.16/12)': '172.31.255.254',
  '192.168/16': '192.168.1.1',
  'cloud metadata 169.254.169.254': '169.254.169.254',
  'metadata, decimal': '2852039166',
  'metadata, hex': '0xa9fea9fe',
  'metadata, octal': '0251.0376.0251.0376',
  'metadata, IPv4-mapped IPv6': '[::ffff:169.254.169.254]',
  'metadata, NAT64': '[64:ff9b::a9fe:a9fe]',
  'AWS IPv6 metadata fd00:ec2::254': '[fd00:ec2::254]',
  'Alibaba metadata 100.100.100.200': '100.100.100.200',
  'CGNAT 100.64/10': '100.64.0.1',
  'link-local 169.254/16': '169.254.1.1',
  'unique local fd00::/8': '[fd00::1]',
  'IPv6 link-local fe80::/10': '[fe80::1]',
  '10/8 IPv4-mapped': '[::ffff:10.0.0.1]',
  'unspecified 0.0.0.0': '0.0.0.0',
  'unspecified ::': '[::]',
};

/** Names whose DNS answer is private: what an attacker's own domain would return. */
const PRIVATE_NAMES: Record<string, string[]> = {
  'metadata.google.internal': ['169.254.169.254'],
  'intranet.attacker.example': ['10.1.2.3'],
  'router.attacker.example': ['192.168.0.1'],
  'loopback.attacker.example': ['127.0.0.1'],
  'six.attacker.example': ['::1'],
  'mixed.attacker.example': ['93.184.216.34', '10.0.0.7'],
};

describe('the egress guard against private destinations in every spelling (injected resolver and dialer)', () => {
  let listener: Server;
  let listenerPort: number;
  const dialled: DialTarget[] = [];
  const guards: EgressGuard[] = [];

  /** A guard as production builds it (nothing private allowed), with a resolver that answers from `answers`. */
  function guardWith(answers: (host: string, call: number) => string[]): EgressGuard {
    const calls = new Map<string, number>();
    const guard = createEgressGuard({
      settings: { allowPrivate: AllowList.none, plainHttp: 'always' },
      resolver: async (hostname) => {
        const call = (calls.get(hostname) ?? 0) + 1;
        calls.set(hostname, call);
        const found = answers(hostname, call);
        if (!found.length) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
        return found.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
      },
      dial: (target) => {
        dialled.push(target);
        return { address: '127.0.0.1', port: listenerPort };
      },
    });
    guards.push(guard);
    return guard;
  }

  async function refusal(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
      return 'no refusal: the request went out';
    } catch (error) {
      return String((error as Error).message);
    }
  }

  beforeAll(async () => {
    listener = createServer((req, res) => {
      if (req.url?.startsWith('/to/')) return void res.writeHead(302, { location: decodeURIComponent(req.url.slice('/to/'.length)) }).end();
      // Every answer closes its socket, so the next request must resolve and be judged again.
      res.writeHead(200, { connection: 'close' }).end('reached');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    listenerPort = (listener.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await Promise.all(guards.map((g) => g.close()));
    listener.closeAllConnections();
    await new Promise((resolve) => listener.close(resolve));
  });

  beforeEach(() => dialled.splice(0));

  it.each(Object.entries(PRIVATE_LITERALS))('refuses %s (%s) before connecting', async (_name, host) => {
    const guard = guardWith(() => []);
    const hostname = new URL(`http://${host}/`).hostname.replace(/^\[|\]$/g, '');
    const message = await refusal(guard.fetch(`http://${host}/latest/meta-data/`, {}, { declaredHosts: [hostname] }));
    expect(dialled).toEqual([]);
    expect(message).toMatch(REFUSED);
  });

  it.each(Object.entries(PRIVATE_NAMES))('refuses %s, whose DNS answer is %j, before connecting', async (name, answer) => {
    const guard = guardWith((host) => (host === name ? answer : []));
    const message = await refusal(guard.fetch(`http://${name}/`, {}, { declaredHosts: [name] }));
    expect(dialled).toEqual([]);
    expect(message).toMatch(REFUSED);
  });

  it('is not fooled by DNS rebinding: the address it checked is the one it connects to, and a later private answer is refused', async () => {
    const name = 'rebind.attacker.example';
    // First answer public (TTL 0), every later answer loopback: the classic rebinding server.
    const guard = guardWith((host, call) => (host === name ? (call === 1 ? ['93.184.216.34'] : ['127.0.0.1']) : []));
    const first = await guard.fetch(`http://${name}/`, {}, { declaredHosts: [name] });
    expect(first.body.toString()).toBe('reached');
    expect(dialled.map((d) => d.address)).toEqual(['93.184.216.34']);
    // The socket closed; the next request resolves again, gets loopback, and is refused.
    const message = await refusal(guard.fetch(`http://${name}/`, {}, { declaredHosts: [name] }));
    expect(dialled.map((d) => d.address)).toEqual(['93.184.216.34']);
    expect(message).toMatch(REFUSED);
  });

  it.each([
    ['the metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['a 10/8 address', 'http://10.0.0.1/'],
    ['a name that resolves to loopback', 'http://loopback.attacker.example/'],
  ])('refuses a redirect from an allowed public host to %s', async (_name, target) => {
    const guard = guardWith((host) => ({ 'api.vendor.example': ['93.184.216.34'], 'loopback.attacker.example': ['127.0.0.1'] })[host] ?? []);
    const message = await refusal(
      guard.fetch(`http://api.vendor.example/to/${encodeURIComponent(target)}`, {}, { declaredHosts: ['api.vendor.example', new URL(target).hostname] }),
    );
    // Only the allowed hop was dialled; the redirect target never was.
    expect(dialled.map((d) => d.hostname)).toEqual(['api.vendor.example']);
    expect(message).toMatch(REFUSED);
  });
});
