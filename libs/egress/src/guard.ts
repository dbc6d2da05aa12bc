import { Agent, type Dispatcher } from 'undici';
import { createGuardedConnector, type Dialer, type GuardedConnectorOptions } from './connector';
import { EgressNetworkError, EgressRefusedError, EgressTimeoutError, isEgressError, RequestTooLargeError, ResponseTooLargeError } from './errors';
import { normalizeHost } from './hosts';
import { checkTarget, parseTarget, type EgressPolicy } from './policy';
import { systemResolver, type Resolver } from './resolver';
import { defaultEgressSettings, type EgressSettings } from './settings';
import { tracedFetch } from './tracing';

export interface EgressGuardOptions {
  /** Operator settings; missing fields take `defaultEgressSettings` (nothing private allowed). */
  settings?: Partial<EgressSettings>;
  /** Defaults to getaddrinfo. */
  resolver?: Resolver;
  /** Test seam, see `Dialer`. */
  dial?: Dialer;
  tls?: GuardedConnectorOptions['tls'];
  /** Keep-alive sockets per origin; default unlimited, as undici. */
  connectionsPerOrigin?: number;
}

export type HeaderValue = string | ReadonlyArray<string>;

export interface GuardedRequestInit {
  /** Default `GET`. */
  method?: string;
  /** Any case; hop-by-hop headers and `Host` are dropped (the URL decides the host). */
  headers?: Record<string, HeaderValue | undefined>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** `follow` (default) re-checks every hop; `manual` returns the 3xx as it came. */
  redirect?: 'follow' | 'manual';
  /** Tighter than the operator's cap for this call only; a larger value is ignored. */
  maxResponseBytes?: number;
  /** Tighter than the operator's deadline for this call only. */
  deadlineMs?: number;
}

export interface GuardedResponse {
  status: number;
  /** Lower-case names; repeated headers as arrays (as undici gives them). */
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
  redirects: number;
}

/**
 * The egress guard: one per process, holding the operator settings and the connection pool
 * whose connector judges every socket. Per-call rules come in as an `EgressPolicy`.
 */
export interface EgressGuard {
  readonly settings: Readonly<EgressSettings>;
  fetch(url: string | URL, init: GuardedRequestInit, policy: EgressPolicy): Promise<GuardedResponse>;
  /** Closes pooled connections; in-flight requests finish first. */
  close(): Promise<void>;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
/** Hop-by-hop and framing headers are ours to set; `host` would also steer SNI in undici. */
const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'content-length',
]);
/** Describe the body, so they go when a 303 (or a POST 301/302) turns the request into a GET. */
const BODY_HEADERS = ['content-type', 'content-encoding', 'content-language', 'content-location'];
const ALWAYS_SENSITIVE = new Set(['authorization', 'proxy-authorization', 'cookie']);
const LOOKS_SENSITIVE = /auth|token|secret|session|passw|credential|signature|api-?key|(^|-)key$/i;

export function createEgressGuard(options: EgressGuardOptions = {}): EgressGuard {
  const settings: EgressSettings = { ...defaultEgressSettings, ...options.settings };
  const agent = new Agent({
    connect: createGuardedConnector({ settings, resolver: options.resolver ?? systemResolver, dial: options.dial, tls: options.tls }),
    headersTimeout: settings.headersTimeoutMs,
    bodyTimeout: settings.bodyTimeoutMs,
    connections: options.connectionsPerOrigin ?? null,
  });

  async function fetch(input: string | URL, init: GuardedRequestInit, policy: EgressPolicy): Promise<GuardedResponse> {
    let url = parseTarget(input);
    let host = normalizeHost(url.hostname);
    let method = (init.method ?? 'GET').toUpperCase();
    if (!/^[A-Z][A-Z0-9-]*$/.test(method) || FORBIDDEN_METHODS.has(method)) {
      throw new EgressRefusedError('method', host, `method ${FORBIDDEN_METHODS.has(method) ? method : '(invalid)'} is not allowed`);
    }
    let body =
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? Buffer.from(init.body, 'utf8')
          : Buffer.from(init.body.buffer, init.body.byteOffset, init.body.byteLength);
    if (body && body.byteLength > settings.maxRequestBytes) throw new RequestTooLargeError(host, settings.maxRequestBytes);
    const headers = requestHeaders(init.headers);
    const maxResponseBytes = Math.min(settings.maxResponseBytes, init.maxResponseBytes ?? Infinity);
    const deadlineMs = Math.min(settings.deadlineMs, init.deadlineMs ?? Infinity);
    const sensitive = new Set((policy.sensitiveHeaders ?? []).map((name) => name.toLowerCase()));
    const deadline = startDeadline(deadlineMs, init.signal);

    try {
      for (let redirects = 0; ; redirects++) {
        checkTarget(url, policy, settings);
        const response = await agent.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: method as Dispatcher.HttpMethod,
          headers,
          body,
          signal: deadline.signal,
        });

        const location = headerValue(response.headers.location);
        if (init.redirect !== 'manual' && REDIRECT_STATUSES.has(response.statusCode) && location !== undefined) {
          await discard(response.body);
          if (redirects >= settings.maxRedirects) {
            throw new EgressRefusedError('too_many_redirects', host, `more than ${settings.maxRedirects} redirects from ${host}`);
          }
          const next = nextHop(location, url);
          if (url.protocol === 'https:' && next.protocol === 'http:') {
            throw new EgressRefusedError(
              'scheme_downgrade',
              normalizeHost(next.hostname),
              `redirect from https to plain http at ${normalizeHost(next.hostname)}`,
            );
          }
          if (next.origin !== url.origin) {
            for (const name of Object.keys(headers)) {
              if (ALWAYS_SENSITIVE.has(name) || sensitive.has(name) || LOOKS_SENSITIVE.test(name)) delete headers[name];
            }
          }
          const status = response.statusCode;
          if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
            method = 'GET';
            body = undefined;
            for (const name of BODY_HEADERS) delete headers[name];
          }
          url = next;
          host = normalizeHost(url.hostname);
          continue;
        }

        return {
          status: response.statusCode,
          headers: responseHeaders(response.headers),
          body: await readCapped(response, maxResponseBytes, host),
          url: url.href,
          redirects,
        };
      }
    } catch (error) {
      throw deadline.translate(error, host, settings);
    } finally {
      deadline.dispose();
    }
  }

  return { settings, fetch: tracedFetch(fetch), close: () => agent.close() };
}

function nextHop(location: string, current: URL): URL {
  let resolved: string;
  try {
    resolved = new URL(location, current).href;
  } catch {
    throw new EgressRefusedError('invalid_url', normalizeHost(current.hostname), `redirect from ${normalizeHost(current.hostname)} has an invalid Location`);
  }
  return parseTarget(resolved);
}

function requestHeaders(input: GuardedRequestInit['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawName, value] of Object.entries(input ?? {})) {
    const name = rawName.toLowerCase();
    if (value === undefined || DROPPED_REQUEST_HEADERS.has(name)) continue;
    out[name] = typeof value === 'string' ? value : [...value];
  }
  return out;
}

function responseHeaders(input: Dispatcher.ResponseData['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value !== undefined) out[name.toLowerCase()] = value;
  }
  return out;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Drains a redirect's body (small, or cut short) so the socket can be reused. */
async function discard(body: Dispatcher.ResponseData['body']): Promise<void> {
  try {
    await body.dump({ limit: 64 * 1024 });
  } catch {
    // A body we never wanted failing to drain only costs the socket.
  }
}

async function readCapped(response: Dispatcher.ResponseData, limit: number, host: string): Promise<Buffer> {
  const declared = Number(headerValue(response.headers['content-length']));
  if (Number.isFinite(declared) && declared > limit) {
    abandon(response.body);
    throw new ResponseTooLargeError(host, limit);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of response.body) {
    received += (chunk as Buffer).length;
    if (received > limit) {
      abandon(response.body);
      throw new ResponseTooLargeError(host, limit);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, received);
}

/** Closes a body we will not read; the socket goes with it, the abort is not an error for anyone. */
function abandon(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

interface Deadline {
  signal: AbortSignal;
  translate(error: unknown, host: string, settings: EgressSettings): unknown;
  dispose(): void;
}

/**
 * One signal for the whole exchange: fires at the deadline or when the caller aborts. The
 * caller's abort comes back as the caller's own reason, so it can tell its cancellation from ours.
 */
function startDeadline(deadlineMs: number, callerSignal: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new Error('egress deadline'));
  }, deadlineMs);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

  return {
    signal: controller.signal,
    translate(error, host, settings) {
      if (expired) return new EgressTimeoutError('deadline', host, deadlineMs);
      if (callerSignal?.aborted) return callerSignal.reason ?? error;
      if (isEgressError(error)) return error;
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (code === 'UND_ERR_HEADERS_TIMEOUT') return new EgressTimeoutError('headers', host, settings.headersTimeoutMs);
      if (code === 'UND_ERR_BODY_TIMEOUT') return new EgressTimeoutError('body', host, settings.bodyTimeoutMs);
      if (code === 'UND_ERR_CONNECT_TIMEOUT') return new EgressTimeoutError('connect', host, settings.connectTimeoutMs);
      return new EgressNetworkError(code ?? (error as Error | undefined)?.name ?? 'EUNKNOWN', host);
    },
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

let defaultGuard: EgressGuard | undefined;

/**
 * `fetch` for the raw proxy: every hop judged against `policy`, bodies capped, one deadline.
 * Pass `init.guard`, the process's configured guard. Without one a guard with the default
 * settings is used: nothing private is reachable, which is the safe way to forget.
 */
export function guardedFetch(url: string | URL, init: GuardedRequestInit & { guard?: EgressGuard }, policy: EgressPolicy): Promise<GuardedResponse> {
  const { guard, ...rest } = init;
  const target = guard ?? (defaultGuard ??= createEgressGuard());
  return target.fetch(url, rest, policy);
}
