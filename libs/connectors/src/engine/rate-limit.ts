import type { RateLimitSignals } from '../definition/rate-limits';
import type { RateLimitInfo } from './types';

/**
 * Reads a response's rate-limit headers into one value. Returns `undefined` when the
 * response said nothing about limits, so callers can tell "unknown" from "plenty left".
 */
export function readRateLimit(signals: RateLimitSignals, headers: Record<string, string>, now: number): RateLimitInfo | undefined {
  const info: RateLimitInfo = { limited: false };
  let seen = false;

  const retryAfterMs = signals.retryAfterHeader ? parseRetryAfter(headers[signals.retryAfterHeader], now) : undefined;
  if (retryAfterMs !== undefined) {
    info.retryAfterMs = retryAfterMs;
    seen = true;
  }
  if (signals.reset) {
    const resetAt = parseReset(headers[signals.reset.header], signals.reset.format, now);
    if (resetAt !== undefined) {
      info.resetAt = resetAt;
      seen = true;
    }
  }
  const remaining = parseCount(signals.remainingHeader && headers[signals.remainingHeader]);
  if (remaining !== undefined) {
    info.remaining = remaining;
    seen = true;
  }
  const limit = parseCount(signals.limitHeader && headers[signals.limitHeader]);
  if (limit !== undefined) {
    info.limit = limit;
    seen = true;
  }
  if (signals.usage) {
    const match = headers[signals.usage.header]?.match(new RegExp(signals.usage.pattern));
    const used = parseCount(match?.[1]);
    const max = parseCount(match?.[2]);
    if (used !== undefined && max !== undefined) {
      info.limit = max;
      info.remaining = Math.max(0, max - used);
      info.scope ??= signals.usage.header;
      seen = true;
    }
  }
  const scope = signals.scopeHeader ? headers[signals.scopeHeader] : undefined;
  if (scope) info.scope = scope;
  const reason = signals.reasonHeader ? headers[signals.reasonHeader] : undefined;
  if (reason) {
    info.reason = reason;
    seen = true;
  }
  return seen ? info : undefined;
}

/**
 * The wait before retrying a refused call: the vendor's explicit wait if it gave one,
 * otherwise the time until the window resets.
 */
export function suggestedWaitMs(info: RateLimitInfo | undefined, now: number): number | undefined {
  if (!info) return undefined;
  if (info.retryAfterMs !== undefined) return info.retryAfterMs;
  if (info.resetAt !== undefined) return Math.max(0, info.resetAt - now);
  return undefined;
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function parseReset(value: string | undefined, format: NonNullable<RateLimitSignals['reset']>['format'], now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (format === 'iso8601') {
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : date;
  }
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  if (format === 'epoch_millis') return seconds;
  return format === 'epoch_seconds' ? seconds * 1000 : now + seconds * 1000;
}

function parseCount(value: string | undefined | false): number | undefined {
  if (!value) return undefined;
  const count = Number(value.trim());
  return Number.isFinite(count) && count >= 0 ? count : undefined;
}
