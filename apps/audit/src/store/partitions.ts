import type { DataSource } from 'typeorm';

/**
 * Monthly partitions of `audit.audit_events` on `stored_at` (UTC months). The service creates
 * them ahead of time; retention drops whole partitions, never rows. Both run under one
 * advisory lock so replicas starting together do not race on the DDL.
 */
const LOCK = 'causeway:audit:partitions';

export interface MonthPartition {
  name: string;
  from: Date;
  to: Date;
}

export function monthPartition(at: Date): MonthPartition {
  const from = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  const name = `audit_events_p${from.getUTCFullYear()}${String(from.getUTCMonth() + 1).padStart(2, '0')}`;
  return { name, from, to };
}

export function addMonths(at: Date, months: number): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
}

/** Creates the partitions of this month and the next `monthsAhead`; returns the new ones. */
export async function ensurePartitions(db: DataSource, monthsAhead: number, now = new Date()): Promise<string[]> {
  const wanted = Array.from({ length: monthsAhead + 1 }, (_, i) => monthPartition(addMonths(now, i)));
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK]);
    const existing = new Set((await listPartitions(tx.query.bind(tx))).map((p) => p.name));
    const created: string[] = [];
    for (const p of wanted.filter((w) => !existing.has(w.name))) {
      await tx.query(
        `CREATE TABLE "audit"."${p.name}" PARTITION OF "audit"."audit_events" FOR VALUES FROM ('${p.from.toISOString()}') TO ('${p.to.toISOString()}')`,
      );
      created.push(p.name);
    }
    return created;
  });
}

export interface DroppedPartition {
  name: string;
  tenantsCut: number;
}

/**
 * Drops the partitions that ended before the first month kept. Before dropping, it records
 * per tenant the last sequence number and hash the partition held (`chain_prunes`), so
 * verification can tell a retention cut from a deleted row; and it forgets those events'
 * ids, the one DELETE in this service, on the dedupe table and never on the audit trail.
 * Needs the table owner: run it with the owner connection, not the writer role.
 */
export async function dropExpiredPartitions(db: DataSource, retentionMonths: number, now = new Date()): Promise<DroppedPartition[]> {
  // Everything stored within the last `retentionMonths` months stays.
  const keepFrom = addMonths(now, -retentionMonths);
  const dropped: DroppedPartition[] = [];
  const expired = (await listPartitions((sql, params) => db.query(sql, params)))
    .filter((p) => p.to.getTime() <= keepFrom.getTime())
    .sort((a, b) => a.from.getTime() - b.from.getTime());
  for (const partition of expired) {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK]);
      const cut: unknown[] = await tx.query(
        `INSERT INTO "audit"."chain_prunes" (tenant_id, through_seq, through_hash, partition_name, pruned_at)
         SELECT DISTINCT ON (tenant_id) tenant_id, seq, hash, $1, now()
           FROM "audit"."${partition.name}" ORDER BY tenant_id, seq DESC
         ON CONFLICT DO NOTHING RETURNING tenant_id`,
        [partition.name],
      );
      await tx.query(`DELETE FROM "audit"."event_ids" e USING "audit"."${partition.name}" p WHERE e.tenant_id = p.tenant_id AND e.id = p.id`);
      await tx.query(`DROP TABLE "audit"."${partition.name}"`);
      dropped.push({ name: partition.name, tenantsCut: cut.length });
    });
  }
  return dropped;
}

type Query = (sql: string, params?: unknown[]) => Promise<{ name: string }[]>;

async function listPartitions(query: Query): Promise<MonthPartition[]> {
  const rows = await query(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = '"audit"."audit_events"'::regclass`,
  );
  return rows
    .map((r) => /^audit_events_p(\d{4})(\d{2})$/.exec(r.name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => monthPartition(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1))));
}
