import { gcraStep } from '../limits/gcra';
import { checkTake, type RateLimitRule } from '../limits/rate-limiter';

/** A hold that must not be in force (an upstream's Retry-After or reset, see hold-store.ts). */
export interface HoldCheck<S extends string = string> {
  /** Named in the answer when this check refuses (e.g. `upstream`). */
  scope: S;
  key: string;
}

/** GCRA tokens to take from one bucket (see rate-limiter.ts). `cost` defaults to 1; 0 only reads. */
export interface TokenTake<S extends string = string> {
  scope: S;
  key: string;
  rule: RateLimitRule;
  cost?: number;
}

/**
 * Every admission decision of one call, made at once: the holds must all be clear and every
 * bucket must have the tokens, or nothing is taken from any of them.
 */
export interface AdmissionRequest<S extends string = string> {
  holds?: readonly HoldCheck<S>[];
  takes?: readonly TokenTake<S>[];
  /**
   * Epoch ms for the buckets, for tests replaying exact sequences; production leaves it out
   * (each adapter then uses its store's clock, as RateLimiter does). Holds are always measured
   * on the hold store's own clock: they are durations (TTLs), not instants.
   */
  now?: number;
}

export interface AdmissionRefusal<S extends string = string> {
  scope: S;
  /** How long until this check alone would pass (same cost). */
  retryAfterMs: number;
}

export type AdmissionDecision<S extends string = string> =
  | { allowed: true }
  /**
   * `refused` lists every check that refused, holds first, then takes, each in request order;
   * `retryAfterMs` is the largest of theirs (the earliest the whole request could pass).
   */
  | { allowed: false; retryAfterMs: number; refused: AdmissionRefusal<S>[] };

/**
 * The port the data plane admits a call through: quotas, upstream holds and declared pacing in
 * one atomic decision. The Redis adapter makes it one round trip shared by every replica; the
 * in-memory twin serves the embedded default and tests. Both must answer the same for the same
 * sequence of requests (the shared suite in admission.test-support.ts).
 *
 * Why our own Lua and not a library: the Redis rate limiters we know decide one limit per
 * command (rate-limiter-flexible, @upstash/ratelimit, redis-cell's CL.THROTTLE). The nearest,
 * rate-limiter-flexible's RateLimiterUnion, consumes from each limiter separately (a round trip
 * each) and keeps what the others consumed when one rejects. None takes several buckets
 * all-or-nothing together with hold checks in one round trip.
 */
export interface Admission {
  decide<S extends string>(request: AdmissionRequest<S>): Promise<AdmissionDecision<S>>;
}

/** A take with its rule checked and reduced to GCRA's parameters. */
export interface CheckedTake {
  key: string;
  intervalMs: number;
  burst: number;
  cost: number;
}

/**
 * Checks a request the way every adapter must (RangeError, never a fallback): each rule and
 * cost as `RateLimiter.take` checks them, and no bucket named twice, since "all or nothing"
 * over one bucket taken twice has no single sensible meaning.
 */
export function checkAdmission(request: AdmissionRequest): CheckedTake[] {
  const takes = (request.takes ?? []).map((take) => {
    const cost = take.cost ?? 1;
    const { intervalMs, burst } = checkTake(take.rule, cost);
    return { key: take.key, intervalMs, burst, cost };
  });
  const keys = new Set(takes.map((t) => t.key));
  if (keys.size !== takes.length) throw new RangeError('an admission request may take from each bucket only once');
  return takes;
}

/**
 * The decision itself, on state already read: the specification the Lua script
 * (admission-script.ts) mirrors line for line, and what the in-memory twin runs.
 *
 * @param holdRemainingMs per hold check, ms until it lifts (≤ 0: none in force)
 * @param storedTats per take, the bucket's stored TAT (undefined: none)
 * @returns the decision, and the TATs to store (with expiry at that instant) when admitted
 */
export function decideAdmission<S extends string>(
  request: AdmissionRequest<S>,
  takes: readonly CheckedTake[],
  holdRemainingMs: readonly number[],
  storedTats: readonly (number | undefined)[],
  now: number,
): { decision: AdmissionDecision<S>; writes: Array<{ key: string; tat: number }> } {
  const refused: AdmissionRefusal<S>[] = [];
  (request.holds ?? []).forEach((hold, i) => {
    if (holdRemainingMs[i] > 0) refused.push({ scope: hold.scope, retryAfterMs: holdRemainingMs[i] });
  });
  const writes: Array<{ key: string; tat: number }> = [];
  takes.forEach((take, i) => {
    const step = gcraStep(storedTats[i], now, take.intervalMs, take.burst, take.cost);
    if (!step.decision.allowed) refused.push({ scope: request.takes![i].scope, retryAfterMs: step.decision.retryAfterMs });
    else if (step.newTat !== undefined) writes.push({ key: take.key, tat: step.newTat });
  });
  if (refused.length > 0) return { decision: { allowed: false, retryAfterMs: Math.max(...refused.map((r) => r.retryAfterMs)), refused }, writes: [] };
  return { decision: { allowed: true }, writes };
}
