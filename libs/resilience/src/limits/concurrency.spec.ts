import { ConcurrencyLimiter } from './concurrency';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ConcurrencyLimiter', () => {
  it('admits up to the limit per key and refuses the next one', () => {
    const limiter = new ConcurrencyLimiter();
    const leases = [limiter.tryAcquire('a', 2), limiter.tryAcquire('a', 2)];
    expect(leases.every(Boolean)).toBe(true);
    expect(limiter.tryAcquire('a', 2)).toBeUndefined();
    expect(limiter.tryAcquire('b', 2)).toBeDefined();
  });

  it('frees a slot once, however often release is called', () => {
    const limiter = new ConcurrencyLimiter();
    const first = limiter.tryAcquire('a', 2)!;
    limiter.tryAcquire('a', 2);
    first.release();
    first.release();
    expect(limiter.inFlight('a')).toBe(1);
  });

  it('releases the slot when the call throws, and forgets keys with nothing in flight', async () => {
    const limiter = new ConcurrencyLimiter();
    await expect(limiter.run('a', 1, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(limiter.inFlight('a')).toBe(0);
    expect(limiter.activeKeys).toBe(0);
  });

  it('never runs more than the limit at once under a burst of calls', async () => {
    const limiter = new ConcurrencyLimiter();
    const gate = deferred();
    let running = 0;
    let peak = 0;
    const calls = Array.from({ length: 20 }, () =>
      limiter.run('a', 3, async () => {
        peak = Math.max(peak, ++running);
        await gate.promise;
        running--;
        return 'done';
      }),
    );
    gate.resolve();
    const outcomes = await Promise.all(calls);
    expect(peak).toBe(3);
    expect(outcomes.filter((o) => o.admitted)).toHaveLength(3);
    expect(outcomes.find((o) => !o.admitted)).toEqual({ admitted: false, inFlight: 3 });
  });

  it('rejects a limit below one', () => {
    expect(() => new ConcurrencyLimiter().tryAcquire('a', 0)).toThrow(RangeError);
  });
});
