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

  /** Publishes from now on wait until the returned function is called. */
  stall(): () => void {
    this.gate = new Promise((resolve) => (this.open = resolve));
    return () => {
      this.gate = undefined;
      this.open?.();
    };
  }

  async publish(messages: BusMessage[]): Promise<void> {
    this.calls.push(messages.length);
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

/** Polls until `check` holds; the drainer retries on its own clock, not the test's. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

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
      sealMs: 2,
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
    it('appends concurrent publishes to the spool together and forwards them in order', async () => {
      const bus = new FakeBus();
      const registry = new Registry();
      const publisher = await started(bus, await tempDir(), { registry });
      await Promise.all(range(0, 50).map((n) => publisher.publish([event(n)])));
      // Group commit: far fewer appends (each one fsync) than callers.
      const fsyncs =
        (await registry.getSingleMetric(SPOOL_METRIC_NAMES.spoolFsyncDuration)!.get()).values.find((v) =>
          (v as { metricName?: string }).metricName?.endsWith('_count'),
        )?.value ?? 0;
      expect(fsyncs).toBeLessThan(10);
      expect(await publisher.waitForDrain(5000)).toBe(true);
      expect(idsOf(bus.acked)).toEqual(range(0, 50).map((n) => `e${n}`));
    });

    it('keeps appends within maxBatchSize and never splits one call, in acceptance order', async () => {
      const bus = new FakeBus();
      const release = bus.stall(); // segments stay on disk until the bus acknowledges them
      const dir = await tempDir();
      const registry = new Registry();
      const publisher = await started(bus, dir, { maxBatchSize: 10, registry });
      const single = range(0, 25).map((n) => publisher.publish([event(n)]));
      const many = publisher.publish(range(25, 37).map((n) => event(n)));
      await Promise.all([...single, many]);
      const lines = (await Promise.all((await segmentFiles(dir)).map((f) => readFile(join(dir, f), 'utf8')))).join('').trimEnd().split('\n');
      expect(lines.map((l) => JSON.parse(l).rec.value.id)).toEqual(range(0, 37).map((n) => `e${n}`));
      // 25 single calls in appends of at most 10, then the call of 12 in one append of its own.
      const appends = (await registry.getSingleMetric(SPOOL_METRIC_NAMES.spoolFsyncDuration)!.get()).values.find((v) =>
        (v as { metricName?: string }).metricName?.endsWith('_count'),
      )?.value;
      expect(appends).toBeGreaterThanOrEqual(4);
      expect(appends).toBeLessThanOrEqual(5);
      release();
    });
  });

  describe('when the bus is down', () => {
    it('keeps accepting, and forwards everything in order once the bus is back', async () => {
      const bus = new FakeBus();
      bus.failing = true;
      const publisher = await started(bus, await tempDir());
      await Promise.all(range(0, 10).map((n) => publisher.publish([event(n)])));
      expect(publisher.status()).toMatchObject({ spooledRecords: 10 });
      expect(await publisher.waitForDrain(50)).toBe(false);
      bus.failing = false;
      // Published while the drain is under way: they must land after every spooled message.
      await Promise.all(range(10, 15).map((n) => publisher.publish([event(n)])));
      expect(await publisher.waitForDrain(5000)).toBe(true);
      expect(firstSeen(bus.acked)).toEqual(range(0, 15).map((n) => `e${n}`));
      for (const tenant of ['t0', 't1', 't2']) {
        const ofTenant = firstSeen(bus.acked.filter((m) => m.key === tenant)).map((id) => Number(id.slice(1)));
        expect(ofTenant).toEqual([...ofTenant].sort((a, b) => a - b));
      }
      expect(publisher.status()).toMatchObject({ spooledRecords: 0, spoolBytes: 0 });
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
      // Drained records keep their disk space until their segment is sealed and deleted (the
      // limit is on disk), which follows the bus's acknowledgement by a seal interval or so.
      const deadline = Date.now() + 5000;
      while (!publisher.isAccepting() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(publisher.isAccepting()).toBe(true);
    });
  });

  describe('write-ahead', () => {
    it('resolves once the messages are on disk, without waiting for the bus', async () => {
      const bus = new FakeBus();
      const dir = await tempDir();
      const publisher = await started(bus, dir, {});
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
      const publisher = await started(bus, dir, { sealMs: 2 });
      for (const chunk of [range(0, 40), range(40, 80), range(80, 120)]) {
        await Promise.all(chunk.map((n) => publisher.publish([event(n)])));
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(await publisher.waitForDrain(5000)).toBe(true);
      expect(firstSeen(bus.acked)).toEqual(range(0, 120).map((n) => `e${n}`));
      expect(await segmentFiles(dir)).toEqual([]);
      expect(publisher.status()).toMatchObject({ spooledRecords: 0 });
    });

    it('keeps accepting while the bus is down and delivers once it is back', async () => {
      const bus = new FakeBus();
      bus.failing = true;
      const publisher = await started(bus, await tempDir(), { sealMs: 2 });
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
      const publisher = await started(bus, dir, { syncIntervalMs: 40, sealMs: 1000, registry });
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
      const first = await started(stalled, dir, { closeTimeoutMs: 50 });
      await Promise.all(range(0, 5).map((n) => first.publish([event(n)])));
      await first.close();

      const bus = new FakeBus();
      const second = await started(bus, dir, {});
      expect(await second.waitForDrain(5000)).toBe(true);
      expect(firstSeen(bus.acked)).toEqual(range(0, 5).map((n) => `e${n}`));
    });
  });

  describe('close', () => {
    it('writes the queue to the spool, for the next start to forward', async () => {
      const dir = await tempDir();
      const down = new FakeBus();
      down.failing = true;
      const first = await started(down, dir);
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
      await eventually(async () => (await metric(registry, n.spoolFlushFailures, { path: 'drain' })) >= 1);
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
