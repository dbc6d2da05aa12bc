import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from './clock';
import { FaultInjector, WriteCounter } from './faults';
import { baseControl, createSimulatorApp, listen, routeKey, type RunningSimulator, type SimulatorControl } from './simulator-server';
import { TokenStore, type TokenRecord } from './token-store';
import { WindowCounter, type WindowVerdict } from './window-counter';

/**
 * What differs between vendors whose simulators only need "a token, a request budget and the
 * vendor's error shape": where the token is read, how a refusal looks and which headers carry
 * the budget. Everything else (faults, write counting, the control API) is shared.
 */
export interface TokenApiVendor {
  /** The token the request carries, read the vendor's way (Bearer, PRIVATE-TOKEN, Token token=). */
  tokenOf(request: FastifyRequest): string | undefined;
  unauthorized(reply: FastifyReply): FastifyReply;
  /** Headers sent on every counted response, from the window's state. */
  limitHeaders(verdict: WindowVerdict, now: number): Record<string, string>;
  /** The vendor's 429, given the seconds to wait and the window (absent for an injected fault). */
  rateLimited(reply: FastifyReply, retryAfterSeconds: number, verdict?: WindowVerdict): FastifyReply;
  serverError(reply: FastifyReply, status: number): FastifyReply;
  tokenPrefix: string;
  subject: string;
}

export interface TokenApiOptions {
  clock?: Clock;
  port?: number;
  /** Requests allowed per window (the vendor's documented budget unless a test lowers it). */
  limit: number;
  windowMs: number;
}

export interface TokenApiControl extends SimulatorControl {
  issueToken(options?: { scopes?: string[] }): string;
  setLimit(requests: number): void;
}

export interface TokenApiContext {
  clock: Clock;
  /** Counts a successful write under its route key (for idempotency and side-effect tests). */
  recordWrite(request: FastifyRequest): void;
  caller(request: FastifyRequest): TokenRecord;
}

declare module 'fastify' {
  interface FastifyRequest {
    tokenApiCaller?: TokenRecord;
  }
}

/** Starts a vendor simulator whose routes `register` adds under the token and limit checks. */
export async function startTokenApi<Extra extends object>(
  vendor: TokenApiVendor,
  options: TokenApiOptions,
  register: (api: FastifyInstance, context: TokenApiContext) => Extra,
): Promise<RunningSimulator<TokenApiControl & Extra>> {
  const clock = options.clock ?? systemClock;
  const parts = { clock, tokens: new TokenStore(clock), faults: new FaultInjector(), writes: new WriteCounter() };
  const windows = new WindowCounter(clock);
  let limit = options.limit;
  const app = createSimulatorApp(parts, {
    rateLimited: (reply, fault) => vendor.rateLimited(reply, fault.retryAfterSeconds ?? 1),
    serverError: (reply, status) => vendor.serverError(reply, status),
  });
  const context: TokenApiContext = {
    clock,
    recordWrite: (request) => parts.writes.record(routeKey(request)),
    caller: (request) => request.tokenApiCaller as TokenRecord,
  };
  let extra: Extra | undefined;
  app.register(async (api) => {
    api.addHook('preHandler', async (request, reply) => {
      const checked = parts.tokens.check(vendor.tokenOf(request));
      if (checked.status !== 'valid' || !checked.record) return vendor.unauthorized(reply);
      request.tokenApiCaller = checked.record;
      const verdict = windows.hit(`token:${checked.record.familyId}`, limit, options.windowMs);
      for (const [name, value] of Object.entries(vendor.limitHeaders(verdict, clock.now()))) reply.header(name, value);
      if (!verdict.allowed) return vendor.rateLimited(reply, Math.max(1, Math.ceil((verdict.resetAt - clock.now()) / 1000)), verdict);
      return undefined;
    });
    extra = register(api, context);
  });
  const server = await listen(app, options.port);
  const control: TokenApiControl = {
    ...baseControl(parts),
    issueToken: (issue = {}) =>
      parts.tokens.issue({ kind: 'access', prefix: vendor.tokenPrefix, clientId: 'causeway-sim-client', subject: vendor.subject, scopes: issue.scopes ?? [] })
        .token,
    setLimit: (requests) => {
      limit = requests;
    },
  };
  return { url: server.url, stop: server.stop, control: Object.assign(control, extra as Extra) };
}

/** `Authorization: Bearer <token>`. */
export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** Offset/limit-free paging helper: a page of `items` starting at `start`. */
export function pageOf<T>(items: T[], start: number, size: number): { page: T[]; more: boolean } {
  return { page: items.slice(start, start + size), more: start + size < items.length };
}
