import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ManualClock, type Clock } from './clock';
import { FaultInjector, WriteCounter, type FaultSpec } from './faults';
import type { TokenStore } from './token-store';

/** A request body the simulator could not parse; vendors answer these in their own way. */
export class MalformedBody {
  constructor(readonly raw: string) {}
}

/** Renders the vendor's own shape for injected failures. */
export interface FaultResponder {
  rateLimited(reply: FastifyReply, fault: Extract<FaultSpec, { kind: 'rate_limit' }>, request: FastifyRequest): FastifyReply;
  serverError(reply: FastifyReply, status: number, request: FastifyRequest): FastifyReply;
}

/** What every simulator's `control` offers; each adds its own seeding helpers. */
export interface SimulatorControl {
  readonly clock: Clock;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  /** Successful writes per route key, e.g. `{ 'POST /api/chat.postMessage': 2 }`. */
  writes(): Record<string, number>;
  writeCount(route?: string): number;
  resetWrites(): void;
  /** Expires one token, or every access token. Returns how many. */
  expireTokens(token?: string): number;
  /** Revokes one token, or every token. Returns how many. */
  revokeTokens(token?: string): number;
}

export interface RunningSimulator<C extends SimulatorControl> {
  url: string;
  stop(): Promise<void>;
  control: C;
}

export interface SimulatorParts {
  clock: Clock;
  tokens: TokenStore;
  faults: FaultInjector;
  writes: WriteCounter;
}

export function baseControl(parts: SimulatorParts): SimulatorControl {
  return {
    clock: parts.clock,
    injectFault: (spec) => parts.faults.add(spec),
    clearFaults: () => parts.faults.clear(),
    writes: () => parts.writes.all(),
    writeCount: (route) => parts.writes.count(route),
    resetWrites: () => parts.writes.reset(),
    expireTokens: (token) => parts.tokens.expire(token),
    revokeTokens: (token) => parts.tokens.revokeAll(token),
  };
}

/** The key writes are counted under: method and route pattern. */
export function routeKey(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A Fastify app on 127.0.0.1 with what every simulator shares: lenient body parsing (JSON,
 * form, vendor `+json` types), fault injection before the vendor routes run, and the HTTP
 * control API under `/__control`.
 */
export function createSimulatorApp(parts: SimulatorParts, responder: FaultResponder): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, raw, done) => {
    const text = String(raw);
    const type = String(request.headers['content-type'] ?? '');
    if (text === '') return done(null, undefined);
    if (/urlencoded/i.test(type)) return done(null, Object.fromEntries(new URLSearchParams(text)));
    if (/json/i.test(type)) {
      try {
        return done(null, JSON.parse(text));
      } catch {
        return done(null, new MalformedBody(text));
      }
    }
    return done(null, text);
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/__control')) return;
    const fault = parts.faults.take(request.method, request.url.split('?')[0] as string);
    if (!fault) return;
    if (fault.kind === 'latency') {
      await sleep(fault.ms);
      return;
    }
    if (fault.kind === 'rate_limit') return responder.rateLimited(reply, fault, request);
    return responder.serverError(reply, fault.status ?? 503, request);
  });

  registerControlRoutes(app, parts);
  return app;
}

function registerControlRoutes(app: FastifyInstance, parts: SimulatorParts): void {
  app.post('/__control/faults', async (request, reply) => {
    const body = (request.body ?? {}) as FaultSpec & { match?: { pathRegex?: string } };
    const match = body.match ? { ...body.match, path: body.match.pathRegex ? new RegExp(body.match.pathRegex) : body.match.path } : undefined;
    parts.faults.add({ ...body, match, times: body.times ?? 1 } as FaultSpec);
    return reply.code(204).send();
  });
  app.delete('/__control/faults', async (_request, reply) => {
    parts.faults.clear();
    return reply.code(204).send();
  });
  app.get('/__control/writes', async () => ({ writes: parts.writes.all(), total: parts.writes.count() }));
  app.post('/__control/tokens/expire', async (request) => ({ expired: parts.tokens.expire(tokenOf(request.body)) }));
  app.post('/__control/tokens/revoke', async (request) => ({ revoked: parts.tokens.revokeAll(tokenOf(request.body)) }));
  app.post('/__control/clock/advance', async (request, reply) => {
    if (!(parts.clock instanceof ManualClock)) return reply.code(409).send({ error: 'simulator runs on the system clock' });
    parts.clock.advance(Number((request.body as { ms?: unknown } | undefined)?.ms ?? 0));
    return { now: parts.clock.now() };
  });
  app.post('/__control/reset', async (_request, reply) => {
    parts.faults.clear();
    parts.writes.reset();
    return reply.code(204).send();
  });
}

function tokenOf(body: unknown): string | undefined {
  const token = (body as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

/** Listens on a random loopback port and returns the base URL and a stop function. */
export async function listen(app: FastifyInstance, port = 0): Promise<{ url: string; stop(): Promise<void> }> {
  await app.listen({ host: '127.0.0.1', port });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator did not bind a TCP port');
  return { url: `http://127.0.0.1:${address.port}`, stop: () => app.close() };
}

export function bodyObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !(body instanceof MalformedBody) && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
