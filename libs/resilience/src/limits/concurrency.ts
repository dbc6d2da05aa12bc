/**
 * Caps how many calls for one key (a tenant, a connection) run at the same time.
 *
 * Per replica, in memory, on purpose: a slot is held for the length of an upstream call, so a
 * shared (Redis) semaphore would add two round trips to every call and need leases that expire
 * when a replica dies mid-call. The cap exists to stop one key from occupying a replica's
 * sockets and event loop, which is a per-replica resource anyway. Configure it as the
 * per-replica share of the intended total (total ÷ replicas); the cluster-wide figure then
 * holds within ±1 replica's share while the replica count is stable.
 *
 * Memory: only keys with calls in flight are held.
 */
export interface ConcurrencyLease {
  /** Frees the slot. Safe to call more than once; only the first call counts. */
  release(): void;
}

export class ConcurrencyLimiter {
  private readonly inFlightByKey = new Map<string, number>();

  /** A slot, or undefined when `limit` calls for this key are already running. */
  tryAcquire(key: string, limit: number): ConcurrencyLease | undefined {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be an integer of at least 1, got ${limit}`);
    const current = this.inFlightByKey.get(key) ?? 0;
    if (current >= limit) return undefined;
    this.inFlightByKey.set(key, current + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.inFlightByKey.get(key) ?? 1) - 1;
        if (left <= 0) this.inFlightByKey.delete(key);
        else this.inFlightByKey.set(key, left);
      },
    };
  }

  /** Runs `fn` in a slot, releasing it however `fn` ends; `{ admitted: false }` when full. */
  async run<T>(key: string, limit: number, fn: () => Promise<T>): Promise<{ admitted: true; value: T } | { admitted: false; inFlight: number }> {
    const lease = this.tryAcquire(key, limit);
    if (!lease) return { admitted: false, inFlight: this.inFlight(key) };
    try {
      return { admitted: true, value: await fn() };
    } finally {
      lease.release();
    }
  }

  inFlight(key: string): number {
    return this.inFlightByKey.get(key) ?? 0;
  }

  /** Keys with calls in flight (the memory bound). */
  get activeKeys(): number {
    return this.inFlightByKey.size;
  }
}
