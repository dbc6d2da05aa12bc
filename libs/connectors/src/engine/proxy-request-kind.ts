import type { SideEffect } from '../definition/action';
import type { ProviderDefinition } from '../definition/provider';
import { readRateLimit, suggestedWaitMs } from './rate-limit';
import type { ActionResult } from './types';

export interface ProxyRequestKind {
  sideEffect: SideEffect;
  /**
   * What the audit trail names: the method and the path of the pattern that matched, or for an
   * undeclared path the path with every segment that is not a plain word replaced by `{}`
   * (ids, emails, names stay out of the trail). Never the query.
   */
  template: string;
}

interface CompiledPattern {
  method: string;
  regex: RegExp;
  path: string;
  sideEffect: SideEffect;
}

const compiled = new WeakMap<ProviderDefinition, CompiledPattern[]>();

/** Destructive first, then writes, then reads: the first match decides. */
function patternsOf(provider: ProviderDefinition): CompiledPattern[] {
  let patterns = compiled.get(provider);
  if (!patterns) {
    const rules = provider.proxy ?? {};
    patterns = [
      ...(rules.destructive ?? []).map((p) => compile(p, 'destructive')),
      ...(rules.writes ?? []).map((p) => compile(p, 'write')),
      ...(rules.reads ?? []).map((p) => compile(p, 'read')),
    ];
    compiled.set(provider, patterns);
  }
  return patterns;
}

function compile(pattern: string, sideEffect: SideEffect): CompiledPattern {
  const space = pattern.indexOf(' ');
  const method = pattern.slice(0, space);
  const path = pattern.slice(space + 1);
  const source = path
    .split('/')
    .map((segment) =>
      segment === '**' ? '(?:/.*)?' : segment === '' ? '' : `/${segment.startsWith('{') && segment.endsWith('}') ? '[^/]+' : escape(segment)}`,
    )
    .join('');
  return { method, regex: new RegExp(`^${source}/?$`), path, sideEffect };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const PLAIN_SEGMENT = /^[a-z][a-z._-]*$/i;

/**
 * The side effect and audit name of a raw proxied request, from the patterns its provider
 * declares (`proxy` in the definition). `path` is the normalised path below the server's base
 * URL, with a leading slash and without the query.
 */
export function proxyRequestKind(provider: ProviderDefinition, method: string, path: string): ProxyRequestKind {
  const upper = method.toUpperCase();
  for (const pattern of patternsOf(provider)) {
    if ((pattern.method === '*' || pattern.method === upper) && pattern.regex.test(path))
      return { sideEffect: pattern.sideEffect, template: `${upper} ${pattern.path}` };
  }
  const template = path
    .split('/')
    .map((segment) => (segment === '' || PLAIN_SEGMENT.test(segment) ? segment : '{}'))
    .join('/');
  return { sideEffect: 'write', template: `${upper} ${template || '/'}` };
}

/** An upstream's answer to a proxied request, as the proxy passes it back. */
export interface ProxiedResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Base64, so the answer can be stored for an idempotent replay. */
  bodyBase64: string;
}

/**
 * A proxied request's answer as a result the call pipeline understands. The upstream's answer
 * is passed through as it is — 2xx, 3xx and 4xx alike — except where the platform acts on it:
 * 429 (upstream_rate_limited: the hold is recorded, reads are retried after it), 5xx
 * (upstream_unavailable: the breaker counts it) and 401 (refreshed once, then needs_reauth).
 * Those come back in the contract's error form, as they do for tools.
 */
export function proxyResult(
  provider: ProviderDefinition,
  response: { status: number; headers: Record<string, string>; body: Buffer },
  now: number,
): ActionResult<ProxiedResponse> {
  const rateLimit = readRateLimit(provider.rateLimitSignals, response.headers, now);
  const { status } = response;
  if (status === 429) {
    return {
      ok: false,
      error: {
        code: 'upstream_rate_limited',
        message: `${provider.name} answered 429: too many requests`,
        retryable: true,
        retryAfterMs: suggestedWaitMs(rateLimit, now),
        upstreamStatus: status,
      },
      rateLimit: { ...rateLimit, limited: true },
    };
  }
  if (status === 401)
    return {
      ok: false,
      error: { code: 'unauthenticated', message: `${provider.name} rejected the credential`, retryable: false, authExpired: true, upstreamStatus: status },
      rateLimit,
    };
  if (status >= 500)
    return {
      ok: false,
      error: {
        code: 'upstream_unavailable',
        message: `${provider.name} answered ${status}`,
        retryable: true,
        upstreamStatus: status,
        retryAfterMs: suggestedWaitMs(rateLimit, now),
      },
      rateLimit,
    };
  return { ok: true, data: { status, headers: response.headers, bodyBase64: response.body.toString('base64') }, upstreamStatus: status, rateLimit };
}
