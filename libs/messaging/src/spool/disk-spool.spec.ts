import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BusMessage } from '../event-bus';
import { DiskSpool } from './disk-spool';
import { encodeRecord } from './spool-record';

const message = (n: number): BusMessage => ({ topic: 'causeway.audit.v1', key: 'tenant-1', value: { id: `e${n}`, outcome: 'success' } });
const batch = (from: number, count: number) => Array.from({ length: count }, (_, i) => message(from + i));
const linesOf = (messages: BusMessage[]) => messages.map(encodeRecord);

describe('DiskSpool, background fsync', () => {
  let dir: string;
  let spool: DiskSpool;
  let release: () => void;
  let syncs: string[];
  let restore: () => void;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'disk-spool-sync-'));
    syncs = [];
    // Every fdatasync hangs until the test releases it, as a slow disk's would.
    const probe = await open(join(dir, 'probe'), 'w');
    const prototype = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
    await probe.close();
    const original = prototype.datasync;
    let gate = new Promise<void>((resolve) => (release = resolve));
    prototype.datasync = async function (this: unknown) {
      syncs.push('started');
      await gate;
      await original.call(this);
      syncs.push('done');
    };
    restore = () => {
      prototype.datasync = original;
      release();
      gate = Promise.resolve();
    };
    spool = new DiskSpool({ directory: dir, maxSegmentBytes: 1024 * 1024, syncIntervalMs: 5 });
    await spool.open();
  });

  afterEach(async () => {
    restore();
    await spool.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers an append while a background fsync is still under way', async () => {
    await spool.append(linesOf(batch(0, 1)));
    await new Promise((resolve) => setTimeout(resolve, 30)); // the sync has started and hangs
    expect(syncs).toEqual(['started']);
    await spool.append(linesOf(batch(1, 1))); // resolves although the sync has not finished
    expect(syncs).toEqual(['started']);
    release();
  });

  it('seals only after the running fsync, and fsyncs what was written meanwhile before closing the segment', async () => {
    await spool.append(linesOf(batch(0, 1)));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await spool.append(linesOf(batch(1, 1)));
    const sealed = spool.seal();
    let done = false;
    void sealed.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(done).toBe(false); // waits for the hanging sync
    release();
    await sealed;
    expect(syncs).toEqual(['started', 'done', 'started', 'done']); // then one more for the second append
    expect((await spool.read(spool.oldestSealed()!)).messages).toEqual(batch(0, 2));
  });
});
