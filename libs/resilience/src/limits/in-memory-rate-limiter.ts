import { systemClock, type Clock } from '../common/clock';
import { ExpiringMap } from '../common/expiring-map';
import { gcraStep } from './gcra';
import { checkTake, type RateLimitDecision, type RateLimiter, type RateLimitRule } from './rate-limiter';

export interface InMemoryRateLimiterOptions {
  clock?: Clock;
  /**
   * Memory bound. A key expires once its bucket has refilled (its state then equals "never
   * seen"), so only keys active within their last burst window count. Past the cap the least
   * recently used key is forgotten, which can only make that key more permissive.
   */
  maxKeys?: number;
}

/** GCRA in process memory: the embedded default's limiter and the twin the tests pin down. */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly tats: ExpiringMap<number>;
  private readonly clock: Clock;

  constructor(options: InMemoryRateLimiterOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.tats = new ExpiringMap({ maxEntries: options.maxKeys ?? 100_000 });
  }

  async take(key: string, rule: RateLimitRule, cost = 1, now = this.clock.now()): Promise<RateLimitDecision> {
    const { intervalMs, burst } = checkTake(rule, cost);
    const step = gcraStep(this.tats.get(key, now), now, intervalMs, burst, cost);
    if (step.newTat !== undefined) this.tats.set(key, step.newTat, step.newTat, now);
    return step.decision;
  }

  /** The stored TAT of `key` at `now` (undefined: none). For InMemoryAdmission, which shares these buckets. */
  storedTat(key: string, now: number): number | undefined {
    return this.tats.get(key, now);
  }

  /** Stores a TAT that expires at that instant, as `take` does. For InMemoryAdmission. */
  storeTat(key: string, tat: number, now: number): void {
    this.tats.set(key, tat, tat, now);
  }

  /** Keys currently held, for tests of the memory bound. */
  get size(): number {
    return this.tats.size;
  }
}
