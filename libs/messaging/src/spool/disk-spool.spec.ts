import { mkdtemp, open, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BusMessage } from '../event-bus';
import { DiskSpool } from './disk-spool';
import { encodeRecord } from './spool-record';

const message = (n: number): BusMessage => ({ topic: 'causeway.audit.v1', key: 'tenant-1', value: { id: `e${n}`, outcome: 'success' } });
const batch = (from: number, count: number) => Array.from({ length: count }, (_, i) => message(from + i));
const linesOf = (messages: BusMessage[]) => messages.map(encodeRecord);
const bytesOf = (messages: BusMessage[]) => linesOf(messages).reduce((sum, line) => sum + line.length, 0);

describe('DiskSpool, kept copies for the drainer', () => {
  let dir: string;
  let spool: DiskSpool;

  const open = async (keepForDrainBytes: number) => {
    spool = new DiskSpool({ directory: dir, maxSegmentBytes: 1024 * 1024, keepForDrainBytes });
    await spool.open();
    return spool;
  };
  const sealedSegment = async () => {
    await spool.seal();
    const segment = spool.oldestSealed();
    if (!segment) throw new Error('no sealed segment');
    return segment;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'disk-spool-'));
  });

  afterEach(async () => {
    await spool.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('hands back what it kept instead of reading the segment again, and the file still holds every record', async () => {
    await open(1024 * 1024);
    const messages = batch(0, 5);
    await spool.append(linesOf(messages), messages);
    const segment = await sealedSegment();
    await truncate(segment.path, 0); // what read() returns now cannot have come from the file
    expect((await spool.read(segment)).messages).toEqual(messages);
  });

  it('reads the file when the copy would pass its budget', async () => {
    const first = batch(0, 3);
    const second = batch(3, 3);
    await open(bytesOf(first) + 1);
    await spool.append(linesOf(first), first);
    await spool.append(linesOf(second), second);
    const segment = await sealedSegment();
    expect((await spool.read(segment)).messages).toEqual([...first, ...second]);
  });

  it('reads the file when an append came without its messages', async () => {
    await open(1024 * 1024);
    const first = batch(0, 2);
    const second = batch(2, 2);
    await spool.append(linesOf(first), first);
    await spool.append(linesOf(second));
    const segment = await sealedSegment();
    await truncate(segment.path, 0);
    expect((await spool.read(segment)).messages).toEqual([]); // from the (emptied) file, not a half copy
  });

  it("reads a previous run's segments from disk", async () => {
    await open(1024 * 1024);
    const messages = batch(0, 4);
    await spool.append(linesOf(messages), messages);
    await spool.close();
    await open(1024 * 1024);
    const segment = spool.oldestSealed()!;
    expect((await spool.read(segment)).messages).toEqual(messages);
  });

  it('gives the budget back once a segment is read or removed', async () => {
    const first = batch(0, 3);
    await open(bytesOf(first));
    await spool.append(linesOf(first), first);
    const segment = await sealedSegment();
    await spool.read(segment);
    spool.ack(segment, segment.records);
    await spool.remove(segment);
    const second = batch(3, 3);
    await spool.append(linesOf(second), second);
    const next = await sealedSegment();
    await truncate(next.path, 0);
    expect((await spool.read(next)).messages).toEqual(second);
  });

  it('refuses an append whose messages do not match its lines one to one', async () => {
    await open(1024 * 1024);
    await expect(spool.append(linesOf(batch(0, 2)), batch(0, 1))).rejects.toThrow(RangeError);
  });
});

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
