import { systemClock, type Clock } from '../common/clock';
import { ExpiringMap } from '../common/expiring-map';

/**
 * "Nothing may be sent to this upstream key for the next N ms", learned from the upstream's
 * own Retry-After and reset headers. A hold only ever grows: a shorter one never shortens a
 * longer one already in place.
 *
 * Holds are durations, not instants: the Redis adapter keeps them as key TTLs, so every replica
 * reads them on Redis' clock and no replica's clock skew can shorten them.
 */
export interface UpstreamHoldStore {
  holdFor(key: string, ms: number): Promise<void>;
  /** Milliseconds until `key` may be called again; 0 when it may be called now. */
  remainingMs(key: string): Promise<number>;
}

/** The in-process twin; memory is bounded by holds currently in force. */
export class InMemoryHoldStore implements UpstreamHoldStore {
  private readonly until: ExpiringMap<number>;
  private readonly clock: Clock;

  constructor(options: { clock?: Clock; maxKeys?: number } = {}) {
    this.clock = options.clock ?? systemClock;
    this.until = new ExpiringMap({ maxEntries: options.maxKeys ?? 100_000 });
  }

  async holdFor(key: string, ms: number): Promise<void> {
    if (!(ms > 0)) return;
    const now = this.clock.now();
    const until = now + Math.ceil(ms);
    const current = this.until.get(key, now);
    if (current === undefined || current < until) this.until.set(key, until, until, now);
  }

  async remainingMs(key: string): Promise<number> {
    return this.remainingNow(key);
  }

  /** `remainingMs` without the promise, on this store's clock; for InMemoryAdmission. */
  remainingNow(key: string): number {
    const now = this.clock.now();
    const until = this.until.get(key, now);
    return until === undefined ? 0 : until - now;
  }
}
