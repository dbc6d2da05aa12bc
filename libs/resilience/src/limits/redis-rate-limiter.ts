import type { Redis } from 'ioredis';
import { gcraScript } from './gcra-script';
import { checkTake, type RateLimitDecision, type RateLimiter, type RateLimitRule } from './rate-limiter';

export interface RedisRateLimiterOptions {
  /** Prepended to every key, so limits never collide with other data in the same Redis. */
  prefix?: string;
}

/**
 * GCRA in Redis: one atomic script per call (EVALSHA), so the limit holds across all data-plane
 * replicas. Time is Redis' own clock unless a test passes `now` (see gcra-script.ts).
 *
 * Errors (Redis down, timeout) propagate: whether a quota check that could not be made admits
 * or refuses the call is the caller's policy, not this adapter's.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    options: RedisRateLimiterOptions = {},
  ) {
    this.prefix = options.prefix ?? 'causeway:rl:';
  }

  async take(key: string, rule: RateLimitRule, cost = 1, now?: number): Promise<RateLimitDecision> {
    const { intervalMs, burst } = checkTake(rule, cost);
    const reply = (await gcraScript.run(this.redis, [this.prefix + key], [intervalMs, burst, cost, now ?? -1])) as number[];
    return { allowed: reply[0] === 1, retryAfterMs: reply[1], remaining: reply[2], resetAfterMs: reply[3] };
  }
}
