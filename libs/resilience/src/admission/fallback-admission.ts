import type { RateLimitRule } from '../limits/rate-limiter';
import type { Admission, AdmissionDecision, AdmissionRequest } from './admission';

export interface FallbackAdmissionOptions {
  /** This replica's share of every bucket while the shared store is unreachable (1/replicas). */
  share?: number;
  /** Told about each failure of the primary (log it, count it, mark readiness degraded). */
  onFallback?: (error: unknown) => void;
}

/**
 * Admission keeps working when Redis does not: the hot path neither stalls nor stops admitting
 * calls, and limits hold per replica instead of across replicas until Redis is back. A request
 * the shared admission cannot answer is decided by the local twin, every bucket at
 * this replica's share of its rule, holds from the local hold store (FallbackHoldStore keeps a
 * local copy of every hold recorded). RangeError (a bad rule or cost) is a programming error,
 * not a store failure, and propagates.
 */
export class FallbackAdmission implements Admission {
  private readonly share: number;

  constructor(
    private readonly primary: Admission,
    private readonly fallback: Admission,
    private readonly options: FallbackAdmissionOptions = {},
  ) {
    this.share = options.share ?? 1;
    if (!(this.share > 0 && this.share <= 1)) throw new RangeError(`share must be in (0, 1], got ${this.share}`);
  }

  async decide<S extends string>(request: AdmissionRequest<S>): Promise<AdmissionDecision<S>> {
    try {
      return await this.primary.decide(request);
    } catch (error) {
      if (error instanceof RangeError) throw error;
      this.options.onFallback?.(error);
      const takes = request.takes?.map((take) => ({ ...take, rule: scaleRule(take.rule, this.share, take.cost ?? 1) }));
      return this.fallback.decide({ ...request, takes });
    }
  }
}

/** The rule at `share` of its rate and burst (the burst never below the call's cost or 1). */
export function scaleRule(rule: RateLimitRule, share: number, cost = 1): RateLimitRule {
  const burst = Math.max(1, cost, Math.floor(rule.burst * share));
  return 'ratePerSecond' in rule ? { ratePerSecond: rule.ratePerSecond * share, burst } : { perMinute: rule.perMinute * share, burst };
}
