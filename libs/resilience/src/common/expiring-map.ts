export interface ExpiringMapOptions {
  /** Hard cap on entries; past it the least recently used entry goes, expired or not. */
  maxEntries: number;
  /** Expired entries are swept every this many writes (amortised; reads skip them anyway). */
  sweepEvery?: number;
}

/**
 * A Map whose entries carry their own expiry instant and which never holds more than
 * `maxEntries`: the bounded memory behind every in-memory twin and per-key registry here.
 *
 * An expired entry reads as absent and is dropped on access or by the periodic sweep. Entries
 * are kept in recency order (a touch re-inserts), so when the cap is reached the least
 * recently used one is evicted. Callers choose expiry so that an evicted entry is either
 * meaningless (a rate-limit key whose bucket refilled) or a documented loss.
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private writes = 0;
  private readonly sweepEvery: number;

  constructor(private readonly options: ExpiringMapOptions) {
    if (!(options.maxEntries >= 1)) throw new RangeError('maxEntries must be at least 1');
    this.sweepEvery = options.sweepEvery ?? 1_000;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The live value, refreshed as most recently used; undefined when absent or expired. */
  get(key: string, now: number): V | undefined {
    return this.touch(key, now)?.value;
  }

  /** `get` that also moves the live entry's expiry to `expiresAt`: one re-insertion, not two, for a read that extends a life. */
  getAndExtend(key: string, expiresAt: number, now: number): V | undefined {
    const entry = this.touch(key, now);
    if (entry) entry.expiresAt = expiresAt;
    return entry?.value;
  }

  /** The live entry, moved to most recently used; an expired one is dropped. */
  private touch(key: string, now: number): { value: V; expiresAt: number } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= now) return undefined;
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, value: V, expiresAt: number, now: number): void {
    this.entries.delete(key);
    if (expiresAt <= now) return;
    this.entries.set(key, { value, expiresAt });
    if (++this.writes % this.sweepEvery === 0) this.sweep(now);
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every expired entry; returns how many went. */
  sweep(now: number): number {
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
        removed++;
      }
    }
    return removed;
  }

  /** Live entries, least recently used first. */
  *live(now: number): IterableIterator<[string, V]> {
    for (const [key, entry] of this.entries) if (entry.expiresAt > now) yield [key, entry.value];
  }
}
