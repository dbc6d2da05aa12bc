import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Stand-ins for what an SSRF would reach, all on this machine's loopback: nothing here sends
 * a packet anywhere else, whatever the service under test does.
 */

/** A listener on every loopback address (`::` takes 127.0.0.1 and ::1) that records each request it gets. */
export interface Victim {
  port: number;
  readonly requests: string[];
  stop(): Promise<void>;
}

export async function startVictim(): Promise<Victim> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.headers.host} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ secret: 'instance-metadata-would-be-here' }));
  });
  const port = await listen(server, '::');
  return { port, requests, stop: () => close(server) };
}

/**
 * An allowed upstream that redirects: `/r/<base64url of target>/anything` answers 302 to the
 * target with `/anything` appended, so one allow-listed host:port can point anywhere.
 */
export async function startRedirector(): Promise<{ port: number; base: (target: string) => string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    const [, r, encoded, ...rest] = (req.url ?? '').split('/');
    if (r !== 'r' || !encoded) return void res.writeHead(404).end();
    const target = Buffer.from(encoded, 'base64url').toString('utf8');
    res.writeHead(302, { location: `${target.replace(/\/$/, '')}/${rest.join('/')}` }).end();
  });
  const port = await listen(server, '127.0.0.1');
  return { port, base: (target) => `http://127.0.0.1:${port}/r/${Buffer.from(target).toString('base64url')}`, stop: () => close(server) };
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * The spellings of "this machine" an SSRF filter must see through. Each takes a port; every one
 * of them reaches 127.0.0.1 or ::1 if the filter lets it through.
 */
export const LOOPBACK_SPELLINGS: Record<string, (port: number) => string> = {
  'dotted quad': (port) => `127.0.0.1:${port}`,
  'short form 127.1': (port) => `127.1:${port}`,
  'decimal 2130706433': (port) => `2130706433:${port}`,
  'hex 0x7f000001': (port) => `0x7f000001:${port}`,
  'octal 0177.0.0.1': (port) => `0177.0.0.1:${port}`,
  'another 127/8 address': (port) => `127.0.0.2:${port}`,
  'IPv6 [::1]': (port) => `[::1]:${port}`,
  'IPv4-mapped [::ffff:127.0.0.1]': (port) => `[::ffff:127.0.0.1]:${port}`,
  'IPv4-mapped hex [::ffff:7f00:1]': (port) => `[::ffff:7f00:1]:${port}`,
  localhost: (port) => `localhost:${port}`,
  'localhost. (trailing dot)': (port) => `localhost.:${port}`,
  'unspecified 0.0.0.0': (port) => `0.0.0.0:${port}`,
};
