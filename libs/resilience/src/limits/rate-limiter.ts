/**
 * How many calls a key may make: a steady rate plus a burst. `burst` is how many calls an idle
 * key may make at once (the bucket's size); after that calls are admitted at the rate.
 */
export type RateLimitRule = { ratePerSecond: number; burst: number } | { perMinute: number; burst: number };

export interface RateLimitDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until this call (same cost) would be admitted. */
  retryAfterMs: number;
  /** Calls of cost 1 that could still be admitted right now, after this one. */
  remaining: number;
  /** Until the key is back to a full burst, if nothing else is taken. */
  resetAfterMs: number;
}

/**
 * The port every quota check goes through. Implementations admit exactly the same calls for
 * the same sequence of `(key, rule, cost, now)`: the Redis adapter shares the state between
 * data-plane replicas, the in-memory twin serves the embedded default and tests.
 *
 * `cost` 0 only reads the state. A `cost` above `burst` can never be admitted and throws.
 * `now` (epoch ms) exists for tests; production callers leave it out (see each adapter for
 * which clock it then uses).
 */
export interface RateLimiter {
  take(key: string, rule: RateLimitRule, cost?: number, now?: number): Promise<RateLimitDecision>;
}

/** Milliseconds between two admitted calls at the steady rate (GCRA's emission interval). */
export function emissionIntervalMs(rule: RateLimitRule): number {
  const perSecond = 'ratePerSecond' in rule ? rule.ratePerSecond : rule.perMinute / 60;
  if (!Number.isFinite(perSecond) || perSecond <= 0) throw new RangeError(`rate must be a positive number, got ${perSecond}`);
  return 1000 / perSecond;
}

/** Checks the arguments every adapter receives, so they fail the same way. */
export function checkTake(rule: RateLimitRule, cost: number): { intervalMs: number; burst: number } {
  const intervalMs = emissionIntervalMs(rule);
  if (!Number.isInteger(rule.burst) || rule.burst < 1) throw new RangeError(`burst must be an integer of at least 1, got ${rule.burst}`);
  if (!Number.isInteger(cost) || cost < 0) throw new RangeError(`cost must be a non-negative integer, got ${cost}`);
  if (cost > rule.burst) throw new RangeError(`cost ${cost} exceeds burst ${rule.burst}: it could never be admitted`);
  return { intervalMs, burst: rule.burst };
}
