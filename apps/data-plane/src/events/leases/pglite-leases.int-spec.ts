import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { migrate } from '@causeway/database';
import { createLogger } from '@causeway/observability';
import { ManualClock } from '@causeway/resilience';
import { eventually, startTsProcess, type ServiceProcess } from '@causeway/testing';
import { createDataPlaneDataSource } from '../../database/data-source';
import { InboundEventStore } from '../inbound/inbound-event-store';
import { envelope } from '../inbound/webhook-ingest';
import { EventPruner } from '../retention/event-pruner';
import { WorkLeases } from './work-leases';

const DAY = 24 * 3_600_000;

/**
 * The embedded default runs the same statements on PGlite: the lease upsert, the delivery
 * claim's conditional update and the pruner's data-modifying CTE must behave there as on Postgres.
 */
describe('leases, claims and pruning on PGlite (the embedded default)', () => {
  let dir: string;
  let server: ServiceProcess;
  let dataSource: ReturnType<typeof createDataPlaneDataSource>;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'causeway-pglite-leases-'));
    // In its own process: PGlite's WASM loader cannot run inside Jest's module sandbox.
    server = startTsProcess('pglite', 'libs/database/src/serve-embedded-postgres.ts', {}, [dir]);
    const url = await eventually(() => server.output().match(/postgres:\/\/\S+/)?.[0], { timeoutMs: 60_000, what: 'the PGlite wire server' });
    dataSource = createDataPlaneDataSource(url, 4);
    await dataSource.initialize();
    await migrate(dataSource);
  }, 120_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await server?.stop('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives a lease to one of two racing replicas, and to the other once it expires', async () => {
    const [a, b] = [new WorkLeases(dataSource, 'a', () => clock.now()), new WorkLeases(dataSource, 'b', () => clock.now())];
    const won = await Promise.all([a.take('poll:x', 10_000), b.take('poll:x', 10_000)]);
    expect(won.filter(Boolean)).toHaveLength(1);
    const loser = won[0] ? b : a;
    expect(await loser.take('poll:x', 10_000)).toBe(false);
    clock.advance(10_000);
    expect(await loser.take('poll:x', 10_000)).toBe(true);
  });

  it('lets one claim of a delivery row win, and prunes an old event with its deliveries', async () => {
    const store = new InboundEventStore(dataSource);
    const event = envelope('t-1', 'gh-1', 'github', { deliveryId: randomUUID(), type: 'com.github.issues.opened', subject: 's', data: {} }, clock.now());
    await store.storeOnce(event);
    await dataSource.query(`UPDATE data_plane.inbound_events SET received_at = $1`, [new Date(clock.now() - 8 * DAY)]);
    await dataSource.query(
      `INSERT INTO data_plane.event_deliveries (subscription_id, tenant_id, event_id, event_seq, subject_key, status, attempts, next_attempt_at, created_at)
       SELECT $1, tenant_id, id, seq, 's', 'pending', 0, now(), now() FROM data_plane.inbound_events`,
      [randomUUID()],
    );
    const claim = (owner: string) =>
      dataSource.query(
        `UPDATE data_plane.event_deliveries SET claimed_by = $1, claimed_until = $2
          WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until <= $3) RETURNING id`,
        [owner, new Date(clock.now() + 60_000), new Date(clock.now())],
      ) as Promise<[unknown[], number]>;
    const claims = await Promise.all([claim('a'), claim('b')]);
    expect(claims.map(([rows]) => rows.length).sort()).toEqual([0, 1]);

    const pruner = new EventPruner({
      dataSource,
      policy: () => ({ defaultMs: 7 * DAY, overrides: new Map(), dedupWindowMs: 3 * DAY }),
      logger: createLogger('pglite-test', 'silent'),
      now: () => clock.now(),
    });
    // Still owed: kept.
    expect(await pruner.prune()).toEqual({ events: 0, deliveries: 0 });
    await dataSource.query(`UPDATE data_plane.event_deliveries SET status = 'delivered', finished_at = now()`);
    expect(await pruner.prune()).toEqual({ events: 1, deliveries: 1 });
  });
});
