import { createScratchDatabase, type ScratchDatabase } from '@causeway/testing';
import { canonicalJson } from '@causeway/contracts';
import { addMonths, dropExpiredPartitions, monthPartition } from '../src/store/partitions';
import { auditEvent, sql } from './audit-test-support';
import { ChainFixture } from './chain-fixture';

/**
 * Events live in monthly partitions on stored_at; retention drops whole partitions, never
 * rows, and leaves a mark so that verification starts where retention cut and still catches
 * a missing event right after the cut.
 */
describe('retention by partition', () => {
  let db: ScratchDatabase;
  let chain: ChainFixture;
  let tenant: string;
  const thisMonth = monthPartition(new Date());
  const nextMonth = monthPartition(addMonths(new Date(), 1));

  beforeAll(async () => {
    db = await createScratchDatabase('audit_retention');
    chain = await ChainFixture.open(db.url);
    tenant = await chain.tenantWith(20, [20]);
    // Later events never get an earlier stored_at than the head's; moving the head's into
    // next month is how this test makes time pass.
    await sql(db.url, `UPDATE audit.chain_heads SET last_stored_at = $2 WHERE tenant_id = $1`, [tenant, nextMonth.from]);
    await chain.store.append(Array.from({ length: 20 }, () => auditEvent(tenant)).map((event) => ({ event, canonical: canonicalJson(event) })));
    await chain.checkpointer.runOnce();
  }, 60_000);

  afterAll(async () => {
    await chain?.close();
    await db?.drop();
  });

  it('stores each month in its own partition, created ahead of time', async () => {
    const rows = await sql<{ partition: string; n: number }>(
      db.url,
      `SELECT tableoid::regclass::text AS partition, count(*)::int AS n FROM audit.audit_events WHERE tenant_id = $1 GROUP BY 1 ORDER BY 1`,
      [tenant],
    );
    expect(rows).toEqual([
      { partition: `audit.${thisMonth.name}`, n: 20 },
      { partition: `audit.${nextMonth.name}`, n: 20 },
    ]);
  });

  it('drops whole expired partitions, records the cut, and the rest of the chain still verifies', async () => {
    const dropped = await dropExpiredPartitions(chain.db, 1, addMonths(new Date(), 2));
    expect(dropped).toEqual([{ name: thisMonth.name, tenantsCut: 1 }]);
    const [cut] = await sql(db.url, `SELECT through_seq, partition_name FROM audit.chain_prunes WHERE tenant_id = $1`, [tenant]);
    expect(cut).toEqual({ through_seq: '20', partition_name: thisMonth.name });
    expect(await chain.verify(tenant)).toEqual({ ok: true, checkedCount: 20, headSeq: 40, checkpointsChecked: 1 });
  });

  it('forgets the dropped ids and keeps those of the kept months', async () => {
    const [{ n }] = await sql<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM audit.event_ids WHERE tenant_id = $1`, [tenant]);
    expect(n).toBe(20);
  });

  it('still reports a missing event right after the cut', async () => {
    await sql(db.url, `DELETE FROM audit.audit_events WHERE tenant_id = $1 AND seq = 21`, [tenant]);
    expect(await chain.verify(tenant)).toMatchObject({ ok: false, brokenAt: 21 });
  });
});
