import type { MigrationInterface, QueryRunner } from 'typeorm';
import { canonicalJson } from '@causeway/contracts';
import { extendChain, GENESIS_HASH } from '../../chain/hash-chain';

/**
 * Hand-written: TypeORM's schema builder knows neither declarative partitioning nor roles.
 *
 * - `audit.audit_events` becomes a table partitioned by month on `stored_at` (the service
 *   creates partitions ahead; retention drops whole ones). The primary key must contain the
 *   partition key, hence (tenant_id, seq, stored_at); idempotency lives in `event_ids`.
 * - `event` is `json`, not `jsonb`: it keeps the canonical text byte for byte, so the chain
 *   hash can be recomputed from what is stored. A row keeps only its own hash: the previous
 *   hash is the previous row's, so there is no second copy that could disagree.
 * - Rows of the former unpartitioned table are chained in the order they were stored.
 * - Role `causeway_audit_writer` may INSERT and SELECT the append-only tables and nothing
 *   more; production logs the service in as a member of it (docs/audit.md).
 */
export class PartitionedEventStore1795315625523 implements MigrationInterface {
  name = 'PartitionedEventStore1795315625523';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit"."audit_events" RENAME TO "audit_events_legacy"`);
    await queryRunner.query(`DROP INDEX "audit"."audit_events_tenant_time_idx"`);
    await queryRunner.query(`
      CREATE TABLE "audit"."audit_events" (
        "tenant_id" text NOT NULL,
        "seq" bigint NOT NULL,
        "id" uuid NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "stored_at" timestamptz NOT NULL,
        "action" text NOT NULL,
        "outcome" text NOT NULL,
        "actor_type" text NOT NULL,
        "actor_id" text NOT NULL,
        "tool" text,
        "connection_id" text,
        "correlation_id" text,
        "event" json NOT NULL,
        "hash" bytea NOT NULL,
        CONSTRAINT "audit_events_pkey" PRIMARY KEY ("tenant_id", "seq", "stored_at")
      ) PARTITION BY RANGE ("stored_at")`);
    await queryRunner.query(`CREATE INDEX "audit_events_tenant_occurred_idx" ON "audit"."audit_events" ("tenant_id", "occurred_at")`);
    await queryRunner.query(
      `CREATE INDEX "audit_events_tenant_correlation_idx" ON "audit"."audit_events" ("tenant_id", "correlation_id") WHERE "correlation_id" IS NOT NULL`,
    );
    await chainLegacyRows(queryRunner);
    await queryRunner.query(`DROP TABLE "audit"."audit_events_legacy"`);
    await queryRunner.query(grantWriterRole);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Down loses the chain fields by nature; events return to the unpartitioned layout.
    await queryRunner.query(
      `CREATE TABLE "audit"."audit_events_legacy" ("id" uuid NOT NULL, "tenant_id" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "action" text NOT NULL, "outcome" text NOT NULL, "actor_type" text NOT NULL, "actor_id" text NOT NULL, "tool" text, "connection_id" text, "correlation_id" text, "event" jsonb NOT NULL, "stored_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "audit"."audit_events_legacy" SELECT id, tenant_id, occurred_at, action, outcome, actor_type, actor_id, tool, connection_id, correlation_id, event::jsonb, stored_at FROM "audit"."audit_events" ON CONFLICT DO NOTHING`,
    );
    await queryRunner.query(`DROP TABLE "audit"."audit_events"`);
    await queryRunner.query(`ALTER TABLE "audit"."audit_events_legacy" RENAME TO "audit_events"`);
    await queryRunner.query(`CREATE INDEX "audit_events_tenant_time_idx" ON "audit"."audit_events" ("tenant_id", "occurred_at")`);
  }
}

interface LegacyRow {
  tenant_id: string;
  id: string;
  event: Record<string, unknown>;
  stored_at: Date;
}

/** Chains what the unpartitioned table held, tenant by tenant, in stored order. */
async function chainLegacyRows(queryRunner: QueryRunner): Promise<void> {
  const heads = new Map<string, { seq: number; hash: Buffer }>();
  let after: [string, Date, string] | undefined;
  for (;;) {
    const rows: LegacyRow[] = await queryRunner.query(
      `SELECT tenant_id, id, event, stored_at FROM "audit"."audit_events_legacy"
        ${after ? 'WHERE (tenant_id, stored_at, id) > ($1, $2, $3)' : ''}
        ORDER BY tenant_id, stored_at, id LIMIT 2000`,
      after ?? [],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const head = heads.get(row.tenant_id) ?? { seq: 0, hash: GENESIS_HASH };
      const [link] = extendChain(head, [canonicalJson(row.event)]);
      heads.set(row.tenant_id, { seq: link.seq, hash: link.hash });
      const month = new Date(Date.UTC(row.stored_at.getUTCFullYear(), row.stored_at.getUTCMonth(), 1));
      const next = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
      const name = `audit_events_p${month.getUTCFullYear()}${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
      await queryRunner.query(
        `CREATE TABLE IF NOT EXISTS "audit"."${name}" PARTITION OF "audit"."audit_events" FOR VALUES FROM ('${month.toISOString()}') TO ('${next.toISOString()}')`,
      );
      await queryRunner.query(
        `INSERT INTO "audit"."audit_events" (tenant_id, seq, id, occurred_at, stored_at, action, outcome, actor_type, actor_id, tool, connection_id, correlation_id, event, hash)
         SELECT tenant_id, $2, id, occurred_at, stored_at, action, outcome, actor_type, actor_id, tool, connection_id, correlation_id, $3::json, $4
           FROM "audit"."audit_events_legacy" WHERE id = $1`,
        [row.id, link.seq, link.canonicalEvent, link.hash],
      );
      await queryRunner.query(`INSERT INTO "audit"."event_ids" (tenant_id, id) VALUES ($1, $2)`, [row.tenant_id, row.id]);
      await queryRunner.query(
        `INSERT INTO "audit"."chain_heads" (tenant_id, seq, hash, last_stored_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (tenant_id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, last_stored_at = EXCLUDED.last_stored_at`,
        [row.tenant_id, link.seq, link.hash, row.stored_at],
      );
    }
    const last = rows[rows.length - 1];
    after = [last.tenant_id, last.stored_at, last.id];
  }
}

/**
 * Roles are cluster-wide: another database's migration may create it concurrently, and a
 * migration user without CREATEROLE cannot create it at all. Then an operator creates the
 * role beforehand (docs/audit.md); without it the grants are skipped with a warning.
 */
const grantWriterRole = `
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'causeway_audit_writer') THEN
    BEGIN
      CREATE ROLE causeway_audit_writer NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE WARNING 'causeway audit: cannot create role causeway_audit_writer; create it and re-run the grants in docs/audit.md';
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'causeway_audit_writer') THEN
    GRANT USAGE ON SCHEMA audit TO causeway_audit_writer;
    GRANT SELECT, INSERT ON audit.audit_events, audit.event_ids, audit.checkpoints TO causeway_audit_writer;
    GRANT SELECT, INSERT, UPDATE ON audit.chain_heads TO causeway_audit_writer;
    GRANT SELECT ON audit.chain_prunes TO causeway_audit_writer;
  END IF;
END $$`;
