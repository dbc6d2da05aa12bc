import 'reflect-metadata';
import { createServiceDataSource, migrate, pendingSchemaChanges } from '@causeway/database';
import { createScratchDatabase, type ScratchDatabase } from '@causeway/testing';
import type { DataSource } from 'typeorm';
import { IdempotencyKeyRow } from './idempotency-key.entity';
import { IdempotencyKeys1795400000000 } from './idempotency-keys.migration';
import { describeIdempotencyStoreBehaviour } from './idempotency-store.test-support';
import { PostgresIdempotencyStore } from './postgres-idempotency-store';

describe('PostgresIdempotencyStore', () => {
  let db: ScratchDatabase;
  let dataSource: DataSource;
  let store: PostgresIdempotencyStore;
  // Far above any queueing delay (100 duplicates on a 20-connection pool on a loaded CI box):
  // expiry is observed by moving the rows' instants back (`advance`), never by waiting, so no
  // test here depends on how fast the machine is. A 400 ms lease once expired while duplicates
  // queued for the pool, and a takeover let 3 of 100 write.
  const retentionMs = 24 * 60 * 60_000;
  const leaseMs = 10 * 60_000;

  /** The database's clock, moved forward for the stored keys only: every instant they hold moves back by `ms`. */
  const advance = async (ms: number) => {
    await dataSource.query(
      `UPDATE data_plane.idempotency_keys
          SET created_at = created_at - $1::float8 * interval '1 millisecond',
              lease_expires_at = lease_expires_at - $1::float8 * interval '1 millisecond',
              completed_at = completed_at - $1::float8 * interval '1 millisecond',
              expires_at = expires_at - $1::float8 * interval '1 millisecond'`,
      [ms],
    );
  };

  beforeAll(async () => {
    db = await createScratchDatabase('resilience');
    dataSource = createServiceDataSource({
      url: db.url,
      schema: 'data_plane',
      entities: [IdempotencyKeyRow],
      migrations: [IdempotencyKeys1795400000000],
      applicationName: 'resilience-test',
      poolSize: 20,
    });
    await dataSource.initialize();
    await migrate(dataSource);
    store = new PostgresIdempotencyStore(dataSource, { retentionMs, defaultLeaseMs: leaseMs });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('migration and entity agree, in the schema the DataSource names, and down() undoes up()', async () => {
    expect(await pendingSchemaChanges(dataSource)).toEqual([]);
    const [{ schemaname }] = await dataSource.query(`SELECT schemaname FROM pg_tables WHERE tablename = 'idempotency_keys'`);
    expect(schemaname).toBe('data_plane');
    const runner = dataSource.createQueryRunner();
    try {
      await new IdempotencyKeys1795400000000().down(runner);
      expect(await dataSource.query(`SELECT 1 FROM pg_tables WHERE tablename = 'idempotency_keys'`)).toEqual([]);
      await new IdempotencyKeys1795400000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await pendingSchemaChanges(dataSource)).toEqual([]);
  });

  describeIdempotencyStoreBehaviour('PostgresIdempotencyStore', () => ({
    store,
    retentionMs,
    leaseMs,
    advance,
  }));

  it('purges in bounded batches', async () => {
    const scope = { tenantId: '00000000-0000-4000-8000-000000000001', apiKeyId: '00000000-0000-4000-8000-000000000002' };
    for (let i = 0; i < 5; i++) {
      const begun = (await store.begin(scope, `purge-${i}`, 'h')) as { lease: string };
      await store.complete(scope, `purge-${i}`, begun.lease, { status: 200, body: null });
    }
    await advance(retentionMs + 50);
    await store.purgeExpired(); // whatever earlier tests left behind
    for (let i = 0; i < 5; i++) await store.begin(scope, `later-${i}`, 'h', { leaseMs: 1 });
    await dataSource.query(`UPDATE data_plane.idempotency_keys SET expires_at = now() - interval '1 second' WHERE key LIKE 'later-%'`);
    expect(await store.purgeExpired(2)).toBe(2);
    expect(await store.purgeExpired()).toBe(3);
  });
});
