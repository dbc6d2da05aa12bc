import { setPath, type ImportedProviderShape } from './imported-api';

/** The vendor's own error body, built from where the definition says its parts are. */
export function errorBody(provider: ImportedProviderShape, status: number, code: string, message: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const envelope = provider.errors.envelope;
  setPath(body, envelope.messagePaths[0] ?? 'message', message);
  if (envelope.codePaths[0]) setPath(body, envelope.codePaths[0], code);
  if (!('status' in body)) body['status'] = status;
  return body;
}

export interface IncomingCredentials {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string>;
}

/**
 * Whether a request carries one of the accepted secrets the way one of the provider's auth
 * modes sends it: `Bearer <token>`, a raw key header, a query parameter, or Basic `user:password`.
 */
export function isAuthorized(provider: ImportedProviderShape, request: IncomingCredentials, secrets: ReadonlySet<string>): boolean {
  return provider.authModes.some((mode) => {
    const inject = mode.inject;
    if (!inject) return false;
    if (inject.in === 'query') return secrets.has(request.query[inject.name] ?? '');
    const raw = request.headers[inject.name.toLowerCase()];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (!value) return false;
    if (mode.type === 'basic' || inject.scheme === 'Basic') {
      const encoded = value.replace(/^Basic\s+/i, '');
      return secrets.has(Buffer.from(encoded, 'base64').toString('utf8'));
    }
    if (inject.scheme) return value.startsWith(`${inject.scheme} `) && secrets.has(value.slice(inject.scheme.length + 1));
    return secrets.has(value);
  });
}

/** A fixed window of calls per connection secret, reported in the vendor's header names. */
export class RateWindow {
  private used = 0;
  private windowStart: number;

  constructor(
    public limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {
    this.windowStart = now();
  }

  /** Counts one call; returns whether it is allowed and the headers to send. */
  take(provider: ImportedProviderShape): { allowed: boolean; headers: Record<string, string> } {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    const allowed = this.used < this.limit;
    if (allowed) this.used += 1;
    const resetAt = this.windowStart + this.windowMs;
    const signals = provider.rateLimitSignals;
    const headers: Record<string, string> = {};
    if (signals.limitHeader) headers[signals.limitHeader] = String(this.limit);
    if (signals.remainingHeader) headers[signals.remainingHeader] = String(Math.max(this.limit - this.used, 0));
    if (signals.reset) headers[signals.reset.header] = formatReset(signals.reset.format, resetAt, now);
    if (!allowed) headers[signals.retryAfterHeader ?? 'retry-after'] = String(Math.max(Math.ceil((resetAt - now) / 1000), 1));
    return { allowed, headers };
  }
}

function formatReset(format: 'epoch_seconds' | 'epoch_millis' | 'iso8601' | 'seconds_until', resetAt: number, now: number): string {
  if (format === 'epoch_seconds') return String(Math.ceil(resetAt / 1000));
  if (format === 'epoch_millis') return String(resetAt);
  if (format === 'iso8601') return new Date(resetAt).toISOString();
  return String(Math.max(Math.ceil((resetAt - now) / 1000), 0));
}
