import { mkdtemp, rm, truncate } from 'node:fs/promises';
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
