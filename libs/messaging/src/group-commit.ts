/**
 * Group commit: callers submit one item each and wait for it; items that arrive while a write
 * is under way go together in the next one. Under load the batch grows with the write's own
 * latency, so the number of writes (round trips, fsyncs, syscalls) stays near one per write
 * time however many callers there are; alone, an item waits for nothing but its own write.
 *
 * Hand-written because DataLoader, the usual batching library, batches per event-loop tick:
 * items that arrive one tick apart (an answer each, from different sockets) would each get
 * their own write, which is exactly the per-item cost this exists to remove.
 */
export class GroupCommit<I, O> {
  private queue: { item: I; resolve(value: O): void; reject(error: unknown): void }[] = [];
  private flushing?: Promise<void>;

  /**
   * @param write writes a batch and returns one result per item, in order; if it throws,
   *   every item of that batch is rejected with the error (none of the batch is taken as done).
   */
  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 500,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.startFlush();
    });
  }

  /** Resolves once everything submitted so far has been written (or refused). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private startFlush(): void {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = undefined;
      // An item queued after the loop's last look and before this ran goes now.
      this.startFlush();
    });
  }

  private async flush(): Promise<void> {
    // One microtask turn first, so the callers of this very turn share the first write too.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.write(batch.map((entry) => entry.item));
        if (results.length !== batch.length) throw new Error(`a group commit's write returned ${results.length} results for ${batch.length} items`);
        batch.forEach((entry, i) => entry.resolve(results[i]));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
  }
}
