import type { RateLimitDecision } from './rate-limiter';

/**
 * The Generic Cell Rate Algorithm: one number per key, the theoretical arrival time (TAT) of
 * the next call if calls came exactly at the rate. A call of cost `c` is admitted when
 * `TAT + c·T - burst·T <= now`, and then moves TAT forward by `c·T` (T = emission interval).
 * That is a token bucket of size `burst` refilled at the rate, kept as a single timestamp, so
 * an atomic read-compare-write of one key is the whole algorithm.
 *
 * This function is the specification; `gcra-script.ts` is the same arithmetic in Lua for
 * Redis, and the shared behaviour suite runs against both.
 */

/** Float slack, so T = 1000/3 does not refuse a call a nanosecond early. Same in Lua. */
export const GCRA_EPSILON_MS = 1e-6;

export interface GcraStep {
  decision: RateLimitDecision;
  /** The TAT to store (with expiry at that instant), or undefined to leave the key as it is. */
  newTat?: number;
}

export function gcraStep(storedTat: number | undefined, now: number, intervalMs: number, burst: number, cost: number): GcraStep {
  const tat = storedTat === undefined || storedTat < now ? now : storedTat;
  const newTat = tat + cost * intervalMs;
  const allowAt = newTat - burst * intervalMs;
  if (allowAt > now + GCRA_EPSILON_MS) {
    const remaining = Math.floor((now - (tat - burst * intervalMs)) / intervalMs + GCRA_EPSILON_MS);
    return {
      decision: { allowed: false, retryAfterMs: Math.ceil(allowAt - now), remaining: Math.max(0, remaining), resetAfterMs: Math.ceil(tat - now) },
    };
  }
  return {
    decision: {
      allowed: true,
      retryAfterMs: 0,
      remaining: Math.floor((now - allowAt) / intervalMs + GCRA_EPSILON_MS),
      resetAfterMs: Math.ceil(newTat - now),
    },
    // Stored with millisecond precision to three decimals, exactly like the Lua script does.
    newTat: cost > 0 ? roundTat(newTat) : undefined,
  };
}

export function roundTat(tat: number): number {
  return Math.round(tat * 1000) / 1000;
}
