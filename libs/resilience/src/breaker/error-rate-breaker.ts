import { CircuitState, type IBreaker } from 'cockatiel';

export interface ErrorRateBreakerOptions {
  /** Open when failures / calls in the window reach this share (0 < threshold ≤ 1). */
  threshold: number;
  windowMs: number;
  /** Never open on fewer calls than this in the window. */
  minimumCalls: number;
  /** Resolution of the sliding window. */
  buckets?: number;
  /** Must be the clock cockatiel's policy reads, i.e. Date.now. Injectable for symmetry only. */
  now?: () => number;
}

/**
 * Decides when cockatiel's circuit breaker opens: on the failure *rate* over a sliding window,
 * given a minimum number of calls.
 *
 * Written here instead of using cockatiel's SamplingBreaker, which plugs into the same slot:
 * SamplingBreaker advances its window only one slot per recorded call, so after a quiet spell
 * its "last N seconds" still hold the failures from before the quiet spell and one new
 * failure can open the circuit on stale data; it also counts a minimum *rate* rather than a
 * minimum number of calls. Here each bucket remembers which time slice it belongs to and a
 * stale bucket counts as empty.
 */
export class ErrorRateBreaker implements IBreaker {
  private readonly bucketMs: number;
  private readonly slots: Array<{ slice: number; successes: number; failures: number }>;
  private readonly now: () => number;

  constructor(private readonly options: ErrorRateBreakerOptions) {
    if (!(options.threshold > 0 && options.threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${options.threshold}`);
    if (!(options.windowMs > 0) || !(options.minimumCalls >= 1)) throw new RangeError('windowMs and minimumCalls must be positive');
    const buckets = options.buckets ?? 10;
    this.bucketMs = options.windowMs / buckets;
    this.slots = Array.from({ length: buckets }, () => ({ slice: -1, successes: 0, failures: 0 }));
    this.now = options.now ?? Date.now;
  }

  get state(): unknown {
    return this.slots.map((slot) => ({ ...slot }));
  }

  set state(value: unknown) {
    if (!Array.isArray(value) || value.length !== this.slots.length) return;
    value.forEach((slot, i) => Object.assign(this.slots[i], slot));
  }

  success(state: CircuitState): void {
    // A successful probe closes the circuit: start the window afresh.
    if (state === CircuitState.HalfOpen) this.reset();
    this.record(true);
  }

  failure(state: CircuitState): boolean {
    this.record(false);
    if (state !== CircuitState.Closed) return true; // a failed probe reopens at once
    const { calls, failures } = this.totals();
    return calls >= this.options.minimumCalls && failures >= this.options.threshold * calls;
  }

  /** Calls and failures in the window ending now. */
  totals(): { calls: number; failures: number } {
    const current = Math.floor(this.now() / this.bucketMs);
    let calls = 0;
    let failures = 0;
    for (const slot of this.slots) {
      if (slot.slice <= current - this.slots.length) continue;
      calls += slot.successes + slot.failures;
      failures += slot.failures;
    }
    return { calls, failures };
  }

  private record(success: boolean): void {
    const slice = Math.floor(this.now() / this.bucketMs);
    const slot = this.slots[slice % this.slots.length];
    if (slot.slice !== slice) Object.assign(slot, { slice, successes: 0, failures: 0 });
    if (success) slot.successes++;
    else slot.failures++;
  }

  private reset(): void {
    for (const slot of this.slots) Object.assign(slot, { slice: -1, successes: 0, failures: 0 });
  }
}
