import { GroupCommit } from './group-commit';

/** A write that the test finishes by hand, recording each batch it was given. */
function manualWrite() {
  const batches: number[][] = [];
  const pending: { finish(): void; fail(error: Error): void }[] = [];
  const write = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(items);
      pending.push({ finish: () => resolve(items.map((i) => `done ${i}`)), fail: reject });
    });
  return { batches, pending, write };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('writes an item submitted alone at once, in a batch of its own', async () => {
    const { batches, pending, write } = manualWrite();
    const commit = new GroupCommit(write);
    const result = commit.submit(1);
    await settle();
    expect(batches).toEqual([[1]]);
    pending[0].finish();
    await expect(result).resolves.toBe('done 1');
  });

  it('puts the items that arrive while a write is under way together in the next write', async () => {
    const { batches, pending, write } = manualWrite();
    const commit = new GroupCommit(write);
    const first = commit.submit(1);
    await settle();
    const later = [2, 3, 4].map((i) => commit.submit(i));
    await settle();
    expect(batches).toEqual([[1]]);
    pending[0].finish();
    await settle();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    pending[1].finish();
    await expect(first).resolves.toBe('done 1');
    await expect(Promise.all(later)).resolves.toEqual(['done 2', 'done 3', 'done 4']);
  });

  it('shares the first write among the callers of the same turn', async () => {
    const { batches, pending, write } = manualWrite();
    const commit = new GroupCommit(write);
    const results = [1, 2, 3].map((i) => commit.submit(i));
    await settle();
    expect(batches).toEqual([[1, 2, 3]]);
    pending[0].finish();
    await expect(Promise.all(results)).resolves.toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('never writes more than the largest batch at once', async () => {
    const { batches, pending, write } = manualWrite();
    const commit = new GroupCommit(write, 2);
    const results = [1, 2, 3, 4, 5].map((i) => commit.submit(i));
    for (let i = 0; i < 3; i++) {
      await settle();
      pending[i].finish();
    }
    await Promise.all(results);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects every item of a failed batch and goes on with the next one', async () => {
    const { pending, write } = manualWrite();
    const commit = new GroupCommit(write);
    const failed = [1, 2].map((i) => commit.submit(i));
    await settle();
    const next = commit.submit(3);
    pending[0].fail(new Error('disk full'));
    await expect(Promise.allSettled(failed)).resolves.toEqual([
      { status: 'rejected', reason: new Error('disk full') },
      { status: 'rejected', reason: new Error('disk full') },
    ]);
    await settle();
    pending[1].finish();
    await expect(next).resolves.toBe('done 3');
  });

  it('refuses a batch whose write answered for a different number of items', async () => {
    const commit = new GroupCommit(async (items: number[]) => items.slice(1));
    await expect(Promise.all([commit.submit(1), commit.submit(2)])).rejects.toThrow('returned 1 results for 2 items');
  });

  it('drains: resolves once everything submitted has been written', async () => {
    const { pending, write } = manualWrite();
    const commit = new GroupCommit(write);
    let written = false;
    void commit.submit(1).then(() => (written = true));
    const drained = commit.drain();
    await settle();
    pending[0].finish();
    await drained;
    expect(written).toBe(true);
  });
});
