import type { RateLimitRule } from '../limits/rate-limiter';

/** A vendor's documented limit: `requests` per `windowSeconds` (connectors' DeclaredLimit). */
export interface DeclaredRate {
  requests: number;
  windowSeconds: number;
}

/**
 * The GCRA rule that keeps us under a declared limit before the upstream has to say so.
 *
 * A bucket of `burst` refilled at r per second admits at most `burst + ⌈r·W⌉ - 1` calls in any
 * half-open window of W seconds (fixed windows and "the last W seconds" are both half-open).
 * With r = (N - burst + 1) / W that is exactly N. `headroom` first takes a share off N for what
 * we cannot see (other clients of the same credential, network jitter between our clock and
 * theirs). The burst is a fifth of the budget, so calls can still go out back to back.
 */
export function paceFromDeclaredLimit(limit: DeclaredRate, options: { headroom?: number } = {}): RateLimitRule {
  const headroom = options.headroom ?? 0.1;
  if (!(limit.requests > 0) || !(limit.windowSeconds > 0)) throw new RangeError('a declared limit needs positive requests and windowSeconds');
  if (!(headroom >= 0 && headroom < 1)) throw new RangeError(`headroom must be in [0, 1), got ${headroom}`);
  const budget = Math.max(1, Math.floor(limit.requests * (1 - headroom)));
  const burst = Math.max(1, Math.floor(budget / 5));
  return { ratePerSecond: (budget - burst + 1) / limit.windowSeconds, burst };
}
