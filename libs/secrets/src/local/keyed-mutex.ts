/**
 * Serialises async work per key. Calls for one key run one after another in arrival order;
 * calls for different keys run concurrently. Good within one process only; the local store
 * is single-process by design.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      // Forget the key once nobody queued behind us, so the map does not grow with every path.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
