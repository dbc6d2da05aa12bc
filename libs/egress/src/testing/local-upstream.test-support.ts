import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createEgressGuard, type EgressGuard, type EgressGuardOptions } from '../guard';
import type { ResolvedAddress, Resolver } from '../resolver';
import { TEST_SERVER_CERT_PEM, TEST_SERVER_KEY_PEM } from './tls.test-support';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface LocalUpstream {
  port: number;
  /** Every request that reached this server. */
  seen: SeenRequest[];
  /** Sockets accepted, to tell a reused connection from a new one. */
  connections: number;
  close(): Promise<void>;
}

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

/** An upstream on 127.0.0.1 (the only address these tests ever send to). */
export async function startUpstream(handler: Handler, options: { tls?: boolean } = {}): Promise<LocalUpstream> {
  const seen: SeenRequest[] = [];
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });
      handler(request, response, body);
    });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: TEST_SERVER_CERT_PEM, key: TEST_SERVER_KEY_PEM }, listener) : createHttpServer(listener);
  const upstream: LocalUpstream = {
    port: 0,
    seen,
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on(options.tls ? 'secureConnection' : 'connection', () => upstream.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.port = (server.address() as AddressInfo).port;
  return upstream;
}

/**
 * A resolver answering from a table (or a sequence of answers per name, one per call) and
 * counting calls. Unknown names fail like getaddrinfo does.
 */
export function fakeResolver(table: Record<string, string[] | string[][]>): Resolver & { calls: string[] } {
  const served: Record<string, number> = {};
  const calls: string[] = [];
  const resolver = async (hostname: string): Promise<ResolvedAddress[]> => {
    calls.push(hostname);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    let answer: string[];
    if (Array.isArray(entry[0])) {
      const sequence = entry as string[][];
      const index = served[hostname] ?? 0;
      served[hostname] = index + 1;
      answer = sequence[Math.min(index, sequence.length - 1)];
    } else {
      answer = entry as string[];
    }
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolver, { calls });
}

/** Guards made in a test, closed after it. */
export function guardFactory() {
  const made: EgressGuard[] = [];
  return {
    make(options: EgressGuardOptions): EgressGuard {
      const guard = createEgressGuard(options);
      made.push(guard);
      return guard;
    },
    async closeAll() {
      await Promise.all(made.splice(0).map((guard) => guard.close()));
    },
  };
}

export const LOOPBACK_ONLY = '127.0.0.1/32';
