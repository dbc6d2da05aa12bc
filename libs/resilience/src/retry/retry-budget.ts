import { systemClock, type Clock } from '../common/clock';
import { ExpiringMap } from '../common/expiring-map';

export interface RetryBudgetOptions {
  /** Tokens earned per call (first attempts): 0.1 lets retries add at most 10% to the load. */
  ratio?: number;
  /** Tokens earned per second regardless of traffic: the floor for quiet upstreams. */
  minPerSecond?: number;
  /** Bucket size: the most retries a long healthy spell can save up. */
  maxTokens?: number;
  clock?: Clock;
  maxKeys?: number;
}

/**
 * A token bucket per upstream that retries draw from, so a failing upstream is not hammered:
 * when every call fails, retries stay at `ratio` of calls plus a small floor instead of
 * multiplying the load by `maxAttempts`. Over any interval of T seconds, retries ≤
 * maxTokens + ratio·calls + minPerSecond·T.
 *
 * Per replica: each replica keeps its own retries within the ratio of its own calls, so the
 * fleet as a whole stays within the same ratio without sharing state.
 *
 * Memory: a bucket that is full again is indistinguishable from a new one, so it expires then.
 */
export class RetryBudget {
  private readonly buckets: ExpiringMap<{ tokens: number; at: number }>;
  private readonly ratio: number;
  private readonly minPerSecond: number;
  private readonly maxTokens: number;
  private readonly clock: Clock;

  constructor(options: RetryBudgetOptions = {}) {
    this.ratio = options.ratio ?? 0.1;
    this.minPerSecond = options.minPerSecond ?? 0.5;
    this.maxTokens = options.maxTokens ?? 10;
    this.clock = options.clock ?? systemClock;
    if (!(this.ratio >= 0) || !(this.minPerSecond >= 0) || !(this.maxTokens >= 1))
      throw new RangeError('retry budget needs ratio ≥ 0, minPerSecond ≥ 0, maxTokens ≥ 1');
    this.buckets = new ExpiringMap({ maxEntries: options.maxKeys ?? 10_000 });
  }

  /** Every logical call (not each retry) earns `ratio` tokens. */
  recordCall(key: string): void {
    const now = this.clock.now();
    this.store(key, this.current(key, now) + this.ratio, now);
  }

  /** Takes one token for a retry; false (and nothing taken) when the budget is spent. */
  tryRetry(key: string): boolean {
    const now = this.clock.now();
    const tokens = this.current(key, now);
    // Tolerate float drift: ten deposits of 0.1 must buy one retry.
    if (tokens < 1 - 1e-9) {
      this.store(key, tokens, now);
      return false;
    }
    this.store(key, Math.max(0, tokens - 1), now);
    return true;
  }

  /** Tokens available now (a full bucket for an unseen key). */
  available(key: string): number {
    return this.current(key, this.clock.now());
  }

  private current(key: string, now: number): number {
    const bucket = this.buckets.get(key, now);
    if (!bucket) return this.maxTokens;
    return Math.min(this.maxTokens, bucket.tokens + ((now - bucket.at) / 1000) * this.minPerSecond);
  }

  private store(key: string, tokens: number, now: number): void {
    const capped = Math.min(this.maxTokens, tokens);
    if (capped >= this.maxTokens) {
      this.buckets.delete(key);
      return;
    }
    const fullAt = this.minPerSecond > 0 ? now + ((this.maxTokens - capped) / this.minPerSecond) * 1000 : Number.MAX_SAFE_INTEGER;
    this.buckets.set(key, { tokens: capped, at: now }, fullAt, now);
  }
}
