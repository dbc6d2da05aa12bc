import { appendFile, cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { BusMessage, EventBus, Subscription } from '../event-bus';
import { SpoolError } from './spool.errors';
import { SPOOL_METRIC_NAMES } from './spool-metrics';
import { encodeRecord } from './spool-record';
import { SpoolingPublisher, type SpoolingPublisherOptions } from './spooling-publisher';

/** A bus that fails or stalls on demand and remembers what it acknowledged, in order. */
class FakeBus implements EventBus {
  readonly kind = 'in-process' as const;
  readonly acked: BusMessage[] = [];
  /** Size of every publish call, successful or not. */
  readonly calls: number[] = [];
  failing = false;
  private gate?: Promise<void>;
  private open?: () => void;
  private nextGate?: Promise<void>;

  /** Publishes from now on wait until the returned function is called. */
  stall(): () => void {
    this.gate = new Promise((resolve) => (this.open = resolve));
    return () => {
      this.gate = undefined;
      this.open?.();
    };
  }

  /** Only the next publish waits until the returned function is called. */
  stallNext(): () => void {
    let open!: () => void;
    this.nextGate = new Promise((resolve) => (open = resolve));
    return () => open();
  }

  async publish(messages: BusMessage[]): Promise<void> {
    this.calls.push(messages.length);
    const own = this.nextGate;
    this.nextGate = undefined;
    if (own) await own;
    if (this.gate) await this.gate;
    if (this.failing) throw new Error('bus down');
    this.acked.push(...messages);
  }

  async subscribe(): Promise<Subscription> {
    throw new Error('not used');
  }

  async check(): Promise<void> {}

  async close(): Promise<void> {}
}

const event = (n: number, tenant = `t${n % 3}`): BusMessage => ({
  topic: 'causeway.audit.v1',
  key: tenant,
  value: { id: `e${n}`, tenantId: tenant, details: { n } },
});
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const idsOf = (messages: BusMessage[]) => messages.map((m) => (m.value as { id: string }).id);
/** Ids in order of first arrival: what an idempotent consumer ends up with. */
const firstSeen = (messages: BusMessage[]) => [...new Set(idsOf(messages))];

const segmentFiles = async (dir: string) => (await readdir(dir)).filter((n) => n.endsWith('.ndjson')).sort();

async function metric(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const found = registry.getSingleMetric(name);
  if (!found) throw new Error(`metric ${name} not registered`);
  const { values } = await found.get();
  const match = values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return match?.value ?? 0;
}

describe('SpoolingPublisher', () => {
  const logger = pino({ level: 'silent' });
  let dirs: string[] = [];
  let publishers: SpoolingPublisher[] = [];

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'spool-spec-'));
    dirs.push(dir);
    return dir;
  }

  async function started(bus: EventBus, directory: string, options: Partial<SpoolingPublisherOptions> = {}) {
    const publisher = new SpoolingPublisher({
      bus,
      directory,
      logger,
      lingerMs: 5,
      publishTimeoutMs: 1000,
      retryMinMs: 10,
      retryMaxMs: 50,
      ...options,
    });
    publishers.push(publisher);
    await publisher.start();
    return publisher;
  }

  afterEach(async () => {
    await Promise.all(publishers.map((p) => p.close()));
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    publishers = [];
    dirs = [];
  });

  describe('batching', () => {
    it('sends concurrent publishes to the bus as one batch after the linger, in order', async () => {
      const bus = new FakeBus();
      const publisher = await started(bus, await tempDir());
      await Promise.all(range(0, 50).map((n) => publisher.publish([event(n)])));
      expect(bus.calls).toEqual([50]);
      expect(idsOf(bus.acked)).toEqual(range(0, 50).map((n) => `e${n}`));
    });

    it('keeps batches within maxBatchSize and never splits one call', async () => {
      const bus = new FakeBus();
      const publisher = await started(bus, await tempDir(), { maxBatchSize: 10 });
      const single = range(0, 25).map((n) => publisher.publish([event(n)]));
      const many = publisher.publish(range(25, 37).map((n) => event(n)));
      await Promise.all([...single, many]);
      expect(bus.calls).toEqual([10, 10, 5, 12]);
      expect(idsOf(bus.acked)).toEqual(range(0, 37).map((n) => `e${n}`));
    });

    it('resolves only after the bus acknowledged', async () => {
      const bus = new FakeBus();
      const publisher = await started(bus, await tempDir());
      const release = bus.stall();
      let resolved = false;
      const done = publisher.publish([event(1)]).then(() => (resolved = true));
      await new Promise((r) => setTimeout(r, 50));
      expect(resolved).toBe(false);
      release();
      await done;
      expect(idsOf(bus.acked)).toEqual(['e1']);
    });
  });

  describe('when the bus is down', () => {
    it('spools a failed batch to disk and resolves instead of rejecting', async () => {
      const bus = new FakeBus();
      const dir = await tempDir();
      const publisher = await started(bus, dir);
      bus.failing = true;
      await expect(publisher.publish([event(1), event(2), event(3)])).resolves.toBeUndefined();
      expect(publisher.status()).toMatchObject({ mode: 'spooling', spooledRecords: 3 });
      expect(await publisher.waitForDrain(50)).toBe(false);
      const [segment] = await segmentFiles(dir);
      const lines = (await readFile(join(dir, segment), 'utf8')).trimEnd().split('\n');
      expect(lines.map((l) => JSON.parse(l).rec.value.id)).toEqual(['e1', 'e2', 'e3']);
      expect(bus.acked).toEqual([]);
    });

    it('sends new messages to the spool while it is not empty, and drains everything in order once the bus is back', async () => {
      const bus = new FakeBus();
      const publisher = await started(bus, await tempDir(), { publishTimeoutMs: 60_000 });
      bus.failing = true;
      await Promise.all(range(0, 5).map((n) => publisher.publish([event(n)])));
      // The bus now hangs instead of failing: a live publish would wait out the 60 s timeout.
      const release = bus.stall();
      await Promise.all(range(5, 10).map((n) => publisher.publish([event(n)])));
      expect(publisher.status()).toMatchObject({ mode: 'spooling', spooledRecords: 10 });
      bus.failing = false;
      release();
      // Published while the drain is under way: they must land after every spooled message.
      const live = range(10, 15).map((n) => publisher.publish([event(n)]));
      await Promise.all(live);
      expect(await publisher.waitForDrain(5000)).toBe(true);
      expect(firstSeen(bus.acked)).toEqual(range(0, 15).map((n) => `e${n}`));
      for (const tenant of ['t0', 't1', 't2']) {
        const ofTenant = firstSeen(bus.acked.filter((m) => m.key === tenant)).map((id) => Number(id.slice(1)));
        expect(ofTenant).toEqual([...ofTenant].sort((a, b) => a - b));
      }
      expect(publisher.status()).toMatchObject({ spooledRecords: 0, spoolBytes: 0 });
    });

    it('spools a batch the bus does not answer within publishTimeoutMs, and lets the late answer land first', async () => {
      const bus = new FakeBus();
      const publisher = await started(bus, await tempDir(), { publishTimeoutMs: 50 });
      const release = bus.stallNext();
      const started_ = Date.now();
      await publisher.publish([event(0)]);
      expect(Date.now() - started_).toBeLessThan(1000);
      await publisher.publish([event(1)]);
      expect(publisher.status()).toMatchObject({ mode: 'spooling', spooledRecords: 2 });
      // The drain must wait for the abandoned attempt, or it would overtake it.
      await new Promise((r) => setTimeout(r, 100));
      expect(bus.acked).toEqual([]);
      release();
      expect(await publisher.waitForDrain(5000)).toBe(true);
      // At-least-once: the timed-out attempt did land, and the spool sent it again after it.
      expect(idsOf(bus.acked)).toEqual(['e0', 'e0', 'e1']);
      expect(firstSeen(bus.acked)).toEqual(['e0', 'e1']);
    });
  });

  describe('restart and crash', () => {
    it('drains the segments a previous run left before publishing anything new', async () => {
      const dir = await tempDir();
      const down = new FakeBus();
      down.failing = true;
      const first = await started(down, dir);
      await Promise.all(range(0, 5).map((n) => first.publish([event(n)])));
      await first.close();
      expect((await segmentFiles(dir)).length).toBeGreaterThan(0);

      const bus = new FakeBus();
      const second = await started(bus, dir);
      await second.publish([event(5)]);
      expect(await second.waitForDrain(5000)).toBe(true);
      expect(firstSeen(bus.acked)).toEqual(range(0, 6).map((n) => `e${n}`));
      expect(await segmentFiles(dir)).toEqual([]);
    });

    it('loses nothing acknowledged when the process dies mid-write: the torn line is skipped', async () => {
      const dir = await tempDir();
      const down = new FakeBus();
      down.failing = true;
      const crashed = await started(down, dir);
      await Promise.all(range(0, 5).map((n) => crashed.publish([event(n)])));
      // The disk as a crash would leave it: what was fsynced, plus half of a write that was
      // still under way (its caller was never answered).
      const image = await tempDir();
      await cp(dir, image, { recursive: true });
      const segments = await segmentFiles(image);
      const torn = encodeRecord(event(99));
      await appendFile(join(image, segments[segments.length - 1]), torn.subarray(0, torn.length >> 1));

      const registry = new Registry();
      const bus = new FakeBus();
      const restarted = await started(bus, image, { registry });
      expect(await restarted.waitForDrain(5000)).toBe(true);
      expect(firstSeen(bus.acked)).toEqual(range(0, 5).map((n) => `e${n}`));
      expect(await metric(registry, SPOOL_METRIC_NAMES.spoolCorruptRecords)).toBe(1);
      expect(await segmentFiles(image)).toEqual([]);
    });

    it('refuses a spool directory another publisher in this process holds', async () => {
      const dir = await tempDir();
      await started(new FakeBus(), dir);
      const second = new SpoolingPublisher({ bus: new FakeBus(), directory: dir, logger });
      await expect(second.start()).rejects.toThrow(/already open/);
    });
  });

  describe('size limit', () => {
    it('stops admitting new work before the limit, refuses messages only at the limit, and loses none it accepted', async () => {
      const registry = new Registry();
      const bus = new FakeBus();
      bus.failing = true;
      const publisher = await started(bus, await tempDir(), { registry, maxSpoolBytes: 8 * 1024, reserveBytes: 2 * 1024 });
      const accepted: number[] = [];
      let admissionClosedAt: number | undefined;
      let refusal: unknown;
      for (let n = 0; n < 500 && !refusal; n++) {
        if (admissionClosedAt === undefined && !publisher.isAccepting()) admissionClosedAt = n;
        try {
          await publisher.publish([event(n)]);
          accepted.push(n);
        } catch (error) {
          refusal = error;
        }
      }
      expect(admissionClosedAt).toBeDefined();
      expect(admissionClosedAt).toBeLessThan(accepted.length);
      expect(refusal).toBeInstanceOf(SpoolError);
      expect(refusal).toMatchObject({ code: 'spool_full', retryAfterMs: expect.any(Number) });
      expect(() => publisher.assertAccepting()).toThrow(expect.objectContaining({ code: 'spool_full' }));
      await expect(publisher.check()).rejects.toThrow(/not accepting/);
      expect(publisher.status().spoolBytes).toBeLessThanOrEqual(8 * 1024);
      expect(await metric(registry, SPOOL_METRIC_NAMES.spoolRejected, { reason: 'full' })).toBe(1);
      expect(await metric(registry, SPOOL_METRIC_NAMES.spoolRejected, { reason: 'admission' })).toBe(1);

      bus.failing = false;
      expect(await publisher.waitForDrain(5000)).toBe(true);
      expect(firstSeen(bus.acked)).toEqual(accepted.map((n) => `e${n}`));
      expect(publisher.isAccepting()).toBe(true);
    });
  });

  describe('write-ahead', () => {
    it('resolves once the messages are on disk, without waiting for the bus', async () => {
      const bus = new FakeBus();
      const dir = await tempDir();
      const publisher = await started(bus, dir, { writeAhead: true });
      const release = bus.stall();
      await publisher.publish([event(1)]);
      expect(bus.acked).toEqual([]);
      expect((await readFile(join(dir, (await segmentFiles(dir))[0]), 'utf8')).includes('"e1"')).toBe(true);
      release();
      expect(await publisher.waitForDrain(5000)).toBe(true);
      expect(idsOf(bus.acked)).toEqual(['e1']);
    });

    it('forwards everything to the bus in acceptance order and deletes drained segments', async () => {
      const bus = new FakeBus();
      const dir = await tempDir();
      const publisher = await started(bus, dir, { writeAhead: true, writeAheadSealMs: 2 });
      for (const chunk of [range(0, 40), range(40, 80), range(80, 120)]) {
        await Promise.all(chunk.map((n) => publisher.publish([event(n)])));
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(await publisher.waitForDrain(5000)).toBe(true);
      expect(firstSeen(bus.acked)).toEqual(range(0, 120).map((n) => `e${n}`));
      expect(await segmentFiles(dir)).toEqual([]);
      expect(publisher.status()).toMatchObject({ writeAhead: true, spooledRecords: 0 });
    });

    it('keeps accepting while the bus is down and delivers once it is back', async () => {
      const bus = new FakeBus();
      bus.failing = true;
      const publisher = await started(bus, await tempDir(), { writeAhead: true, writeAheadSealMs: 2 });
      await Promise.all(range(0, 30).map((n) => publisher.publish([event(n)])));
      await new Promise((r) => setTimeout(r, 50));
      expect(publisher.status().spooledRecords).toBe(30);
      bus.failing = false;
      expect(await publisher.waitForDrain(5000)).toBe(true);
      expect(firstSeen(bus.acked)).toEqual(range(0, 30).map((n) => `e${n}`));
    });

    it('with a sync interval, answers once written and fsyncs in the background', async () => {
      const bus = new FakeBus();
      const release = bus.stall();
      const dir = await tempDir();
      const registry = new Registry();
      const fsyncs = async () => {
        const { values } = await registry.getSingleMetric(SPOOL_METRIC_NAMES.spoolFsyncDuration)!.get();
        return values.find((v) => (v as { metricName?: string }).metricName === `${SPOOL_METRIC_NAMES.spoolFsyncDuration}_count`)?.value ?? 0;
      };
      const publisher = await started(bus, dir, { writeAhead: true, syncIntervalMs: 40, writeAheadSealMs: 1000, registry });
      await publisher.publish([event(1)]);
      // Answered before any fsync: the record is in the file (the page cache) already.
      expect(await fsyncs()).toBe(0);
      expect((await readFile(join(dir, (await segmentFiles(dir))[0]), 'utf8')).includes('"e1"')).toBe(true);
      await new Promise((r) => setTimeout(r, 120));
      expect(await fsyncs()).toBe(1);
      // Nothing new written: nothing to sync again.
      await new Promise((r) => setTimeout(r, 120));
      expect(await fsyncs()).toBe(1);
      release();
    });

    it('leaves what the bus had not acknowledged at close for the next start', async () => {
      const dir = await tempDir();
      const stalled = new FakeBus();
      stalled.stall();
      const first = await started(stalled, dir, { writeAhead: true, closeTimeoutMs: 50 });
      await Promise.all(range(0, 5).map((n) => first.publish([event(n)])));
      await first.close();

      const bus = new FakeBus();
      const second = await started(bus, dir, { writeAhead: true });
      expect(await second.waitForDrain(5000)).toBe(true);
      expect(firstSeen(bus.acked)).toEqual(range(0, 5).map((n) => `e${n}`));
    });
  });

  describe('close', () => {
    it('flushes the in-memory queue to the bus', async () => {
      const bus = new FakeBus();
      const publisher = await started(bus, await tempDir(), { lingerMs: 60_000 });
      const pending = range(0, 3).map((n) => publisher.publish([event(n)]));
      await publisher.close();
      await Promise.all(pending);
      expect(idsOf(bus.acked)).toEqual(['e0', 'e1', 'e2']);
    });

    it('spools the queue when the bus is down, for the next start to drain', async () => {
      const dir = await tempDir();
      const down = new FakeBus();
      down.failing = true;
      const first = await started(down, dir, { lingerMs: 60_000 });
      const pending = range(0, 3).map((n) => first.publish([event(n)]));
      await first.close();
      await Promise.all(pending);

      const bus = new FakeBus();
      const second = await started(bus, dir);
      expect(await second.waitForDrain(5000)).toBe(true);
      expect(firstSeen(bus.acked)).toEqual(['e0', 'e1', 'e2']);
    });

    it('refuses messages once closed', async () => {
      const publisher = await started(new FakeBus(), await tempDir());
      await publisher.close();
      await expect(publisher.publish([event(1)])).rejects.toMatchObject({ code: 'spool_closed' });
      expect(publisher.isAccepting()).toBe(false);
    });
  });

  describe('refusals that are not about the bus', () => {
    it('refuses a record larger than maxRecordBytes', async () => {
      const publisher = await started(new FakeBus(), await tempDir(), { maxRecordBytes: 1024 });
      const huge = { topic: 't', key: 'k', value: { blob: 'x'.repeat(2000) } };
      await expect(publisher.publish([huge])).rejects.toMatchObject({ code: 'record_too_large' });
    });

    it('rejects with spool_write_failed when the disk cannot take the record, instead of pretending', async () => {
      const dir = await tempDir();
      const bus = new FakeBus();
      bus.failing = true;
      const publisher = await started(bus, dir);
      await rm(dir, { recursive: true, force: true });
      await expect(publisher.publish([event(1)])).rejects.toMatchObject({ code: 'spool_write_failed' });
    });
  });

  describe('metrics', () => {
    it('reports spooled and drained records, spool size, failures and fsync time', async () => {
      const registry = new Registry();
      const bus = new FakeBus();
      const publisher = await started(bus, await tempDir(), { registry });
      bus.failing = true;
      await Promise.all(range(0, 4).map((n) => publisher.publish([event(n)])));
      const n = SPOOL_METRIC_NAMES;
      expect(await metric(registry, n.spoolSpooled)).toBe(4);
      expect(await metric(registry, n.spoolRecords)).toBe(4);
      expect(await metric(registry, n.spoolBytes)).toBeGreaterThan(0);
      expect(await metric(registry, n.spoolFlushFailures, { path: 'live' })).toBe(1);
      const text = await registry.metrics();
      expect(text).toMatch(/causeway_spool_fsync_duration_seconds_count\{spool="audit"\} [1-9]/);
      expect(text).toContain('causeway_spool_bytes_limit{spool="audit"} 536870912');

      bus.failing = false;
      expect(await publisher.waitForDrain(5000)).toBe(true);
      expect(await metric(registry, n.spoolDrained)).toBe(4);
      expect(await metric(registry, n.spoolRecords)).toBe(0);
      expect(await metric(registry, n.spoolBytes)).toBe(0);
    });
  });
});
