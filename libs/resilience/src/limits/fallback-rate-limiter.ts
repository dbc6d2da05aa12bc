import type { RateLimitDecision, RateLimiter, RateLimitRule } from './rate-limiter';

export interface FallbackRateLimiterOptions {
  /**
   * The share of each limit one replica may use while the shared store is unreachable,
   * e.g. 1/3 with three replicas, so the fleet stays near the limit instead of N× it.
   */
  share?: number;
  /** Told about each failure of the primary (log it, count it, mark readiness degraded). */
  onFallback?: (error: unknown) => void;
}

/**
 * Quotas keep working when Redis does not: a call the shared limiter cannot answer is decided
 * by a local twin with a replica's share of the rule. The hot path then neither stalls nor
 * stops admitting calls; limits hold per replica instead of across replicas until Redis is
 * back. Programming errors (RangeError: a bad rule or cost) are not failures of the store and
 * propagate.
 */
export class FallbackRateLimiter implements RateLimiter {
  private readonly share: number;

  constructor(
    private readonly primary: RateLimiter,
    private readonly fallback: RateLimiter,
    private readonly options: FallbackRateLimiterOptions = {},
  ) {
    this.share = options.share ?? 1;
    if (!(this.share > 0 && this.share <= 1)) throw new RangeError(`share must be in (0, 1], got ${this.share}`);
  }

  async take(key: string, rule: RateLimitRule, cost = 1, now?: number): Promise<RateLimitDecision> {
    try {
      return await this.primary.take(key, rule, cost, now);
    } catch (error) {
      if (error instanceof RangeError) throw error;
      this.options.onFallback?.(error);
      return this.fallback.take(key, scaleRule(rule, this.share, cost), cost, now);
    }
  }
}

/** The rule at `share` of its rate and burst (the burst never below the call's cost or 1). */
export function scaleRule(rule: RateLimitRule, share: number, cost = 1): RateLimitRule {
  const burst = Math.max(1, cost, Math.floor(rule.burst * share));
  return 'ratePerSecond' in rule ? { ratePerSecond: rule.ratePerSecond * share, burst } : { perMinute: rule.perMinute * share, burst };
}
