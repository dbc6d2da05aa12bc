import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { createLogger } from '@causeway/observability';
import { ManualClock } from '@causeway/resilience';
import type { DataSource } from 'typeorm';
import { scratchDataPlaneDatabase, type ScratchDataPlaneDatabase } from '../../testing/scratch-data-plane-database.test-support';
import { InboundEventStore } from '../inbound/inbound-event-store';
import { envelope } from '../inbound/webhook-ingest';
import { WorkLeases } from '../leases/work-leases';
import { EventPruner, prunedCounter } from './event-pruner';
import type { RetentionPolicy } from './retention-policy';

const DAY = 24 * 3_600_000;
const TENANT = 'a1b2c3d4-0000-4000-8000-000000000001';
const LONG_TENANT = 'a1b2c3d4-0000-4000-8000-000000000002';

/**
 * Retention on real Postgres: events past their tenant's retention go with their finished
 * deliveries, recent ones and those still owed stay, a tenant's own retention applies to it
 * alone, and a vendor's redelivery inside the deduplication window is still refused.
 */
describe('event retention', () => {
  let db: ScratchDataPlaneDatabase;
  let dataSource: DataSource;
  let store: InboundEventStore;
  const clock = new ManualClock(Date.now());
  let policy: RetentionPolicy = { defaultMs: 7 * DAY, overrides: new Map([[LONG_TENANT, 30 * DAY]]), dedupWindowMs: 3 * DAY };

  beforeAll(async () => {
    db = await scratchDataPlaneDatabase('retention', 4);
    dataSource = db.dataSource;
    store = new InboundEventStore(dataSource);
  });

  afterAll(async () => {
    await db?.close();
  });

  beforeEach(async () => {
    await dataSource.query(`DELETE FROM data_plane.event_deliveries`);
    await dataSource.query(`DELETE FROM data_plane.inbound_events`);
  });

  /** Stores an event as the ingest does, received `ageMs` before the test clock's now; returns its seq and delivery id. */
  async function received(tenantId: string, ageMs: number, deliveryId = randomUUID()): Promise<{ seq: string; deliveryId: string }> {
    const event = envelope(tenantId, 'gh-1', 'github', { deliveryId, type: 'com.github.issues.opened', subject: 'acme/api#1', data: {} }, clock.now());
    const outcome = await store.storeOnce(event);
    if (!outcome.stored) throw new Error('expected a new event');
    const [row] = await dataSource.query(`UPDATE data_plane.inbound_events SET received_at = $2 WHERE id = $1 RETURNING seq`, [
      event.id,
      new Date(clock.now() - ageMs),
    ]);
    const seq = String((row as { seq: string }[])[0].seq);
    return { seq, deliveryId };
  }

  async function owed(seq: string, status: 'pending' | 'delivered' | 'dead'): Promise<void> {
    await dataSource.query(
      `INSERT INTO data_plane.event_deliveries (subscription_id, tenant_id, event_id, event_seq, subject_key, status, attempts, next_attempt_at, created_at, finished_at)
       SELECT $2, tenant_id, id, seq, 'acme/api#1', $3, 1, now(), now(), CASE WHEN $3 = 'pending' THEN NULL ELSE now() END FROM data_plane.inbound_events WHERE seq = $1`,
      [seq, randomUUID(), status],
    );
  }

  const seqs = async (table: 'inbound_events' | 'event_deliveries') =>
    (
      (await dataSource.query(`SELECT ${table === 'inbound_events' ? 'seq' : 'event_seq'} AS seq FROM data_plane.${table} ORDER BY 1`)) as { seq: string }[]
    ).map((r) => String(r.seq));

  function pruner(options: { batchSize?: number; maxBatches?: number; registry?: Registry } = {}): EventPruner {
    return new EventPruner({
      dataSource,
      policy: () => policy,
      logger: createLogger('retention-test', 'silent'),
      now: () => clock.now(),
      batchSize: options.batchSize,
      maxBatches: options.maxBatches,
      onPruned: options.registry ? prunedCounter(options.registry) : undefined,
    });
  }

  it('prunes events past the retention with their finished deliveries, and keeps recent and still-owed ones', async () => {
    const delivered = await received(TENANT, 8 * DAY);
    await owed(delivered.seq, 'delivered');
    const deadLettered = await received(TENANT, 10 * DAY);
    await owed(deadLettered.seq, 'dead');
    const stillOwed = await received(TENANT, 9 * DAY);
    await owed(stillOwed.seq, 'delivered');
    await owed(stillOwed.seq, 'pending');
    const recent = await received(TENANT, 6 * DAY);
    await owed(recent.seq, 'delivered');
    const longKept = await received(LONG_TENANT, 20 * DAY);
    await received(LONG_TENANT, 31 * DAY); // past even its tenant's own 30 days
    const registry = new Registry();

    expect(await pruner({ registry }).prune()).toEqual({ events: 3, deliveries: 2 });

    expect(await seqs('inbound_events')).toEqual([stillOwed.seq, recent.seq, longKept.seq].sort((x, y) => Number(x) - Number(y)));
    expect(await seqs('event_deliveries')).toEqual([stillOwed.seq, stillOwed.seq, recent.seq]);
    const metric = await registry.getSingleMetric('causeway_events_pruned_total')!.get();
    expect(metric.values.map((v) => [v.labels.table, v.value])).toEqual([
      ['inbound_events', 3],
      ['event_deliveries', 2],
    ]);
  });

  it('prunes in bounded batches, the rest at the next pass', async () => {
    for (let i = 0; i < 5; i++) await received(TENANT, 8 * DAY);
    expect(await pruner({ batchSize: 2, maxBatches: 1 }).prune()).toEqual({ events: 2, deliveries: 0 });
    expect(await seqs('inbound_events')).toHaveLength(3);
    expect(await pruner({ batchSize: 2, maxBatches: 10 }).prune()).toEqual({ events: 3, deliveries: 0 });
    expect(await seqs('inbound_events')).toEqual([]);
  });

  it('prunes on one replica at a time: the one holding the pruning lease', async () => {
    await received(TENANT, 8 * DAY);
    const replica = (owner: string) =>
      new EventPruner({
        dataSource,
        policy: () => policy,
        logger: createLogger('retention-test', 'silent'),
        now: () => clock.now(),
        leases: new WorkLeases(dataSource, owner, () => clock.now()),
      });
    const [a, b] = [replica('pruner-a'), replica('pruner-b')];
    expect(await a.pass(300_000)).toEqual({ events: 1, deliveries: 0 });
    expect(await b.pass(300_000)).toBeUndefined();
    // a is gone: its lease lapses after one interval, and b prunes from then on.
    clock.advance(300_000);
    expect(await b.pass(300_000)).toEqual({ events: 0, deliveries: 0 });
  });

  it('still refuses a redelivery inside the deduplication window, however short the retention', async () => {
    policy = { defaultMs: 1 * DAY, overrides: new Map(), dedupWindowMs: 3 * DAY };
    try {
      const inWindow = await received(TENANT, 2 * DAY);
      const pastWindow = await received(TENANT, 4 * DAY);
      expect(await pruner().prune()).toEqual({ events: 1, deliveries: 0 });

      const again = (deliveryId: string) =>
        store.storeOnce(envelope(TENANT, 'gh-1', 'github', { deliveryId, type: 'com.github.issues.opened', subject: 'acme/api#1', data: {} }, clock.now()));
      expect(await again(inWindow.deliveryId)).toMatchObject({ stored: false });
      // Past the window the vendor no longer redelivers; the row that deduplicated it is gone.
      expect(await again(pastWindow.deliveryId)).toMatchObject({ stored: true });
    } finally {
      policy = { defaultMs: 7 * DAY, overrides: new Map([[LONG_TENANT, 30 * DAY]]), dedupWindowMs: 3 * DAY };
    }
  });
});
