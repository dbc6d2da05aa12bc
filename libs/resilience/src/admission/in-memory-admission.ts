import { systemClock, type Clock } from '../common/clock';
import { InMemoryRateLimiter } from '../limits/in-memory-rate-limiter';
import { InMemoryHoldStore } from '../upstream/hold-store';
import { checkAdmission, decideAdmission, type Admission, type AdmissionDecision, type AdmissionRequest } from './admission';

export interface InMemoryAdmissionOptions {
  /** The buckets; pass the limiter other code takes from to share them. */
  limiter?: InMemoryRateLimiter;
  /** The holds `UpstreamGate.afterCall` records into. */
  holds?: InMemoryHoldStore;
  /** For the buckets when a request names no `now`; holds use their store's clock. */
  clock?: Clock;
}

/**
 * The in-process twin of RedisAdmission: the embedded default's admission and the fallback
 * while Redis is unreachable. It runs `decideAdmission`, the same decision the Lua script
 * mirrors; reads and writes happen in one synchronous step, so it is atomic within the process.
 */
export class InMemoryAdmission implements Admission {
  readonly limiter: InMemoryRateLimiter;
  readonly holds: InMemoryHoldStore;
  private readonly clock: Clock;

  constructor(options: InMemoryAdmissionOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.limiter = options.limiter ?? new InMemoryRateLimiter({ clock: this.clock });
    this.holds = options.holds ?? new InMemoryHoldStore({ clock: this.clock });
  }

  async decide<S extends string>(request: AdmissionRequest<S>): Promise<AdmissionDecision<S>> {
    const takes = checkAdmission(request);
    const now = request.now ?? this.clock.now();
    const held = (request.holds ?? []).map((hold) => this.holds.remainingNow(hold.key));
    const tats = takes.map((take) => this.limiter.storedTat(take.key, now));
    const { decision, writes } = decideAdmission(request, takes, held, tats, now);
    for (const write of writes) this.limiter.storeTat(write.key, write.tat, now);
    return decision;
  }
}
