import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEvent } from '@causeway/contracts';
import { extendChain, GENESIS_HASH, type ChainLink } from '../chain/hash-chain';

/** One validated event with the canonical JSON the chain hashes (computed once, at parse). */
export interface ChainableEvent {
  event: AuditEvent;
  canonical: string;
}

export interface AppendResult {
  stored: number;
  /** Events whose id the tenant's store already had (redelivery) or that repeated in the batch. */
  duplicates: number;
}

interface HeadRow {
  tenant_id: string;
  seq: string;
  hash: Buffer;
  last_stored_at: Date | null;
}

/**
 * The append-only event store. Its one write is `append`: no update or delete of events
 * exists in the code, and the writer role has neither privilege (docs/audit.md).
 *
 * One transaction per batch: lock the heads of the batch's tenants (in tenant order, so two
 * writers never deadlock), claim the event ids (the primary key of `event_ids` drops the ones
 * already stored), extend each tenant's chain from its head, insert, move the heads. Because
 * the heads stay locked until commit, sequence numbers are gap-free and unique even when
 * several consumers or partitions carry one tenant's events.
 */
export class AuditStore {
  constructor(private readonly db: DataSource) {}

  async append(batch: ChainableEvent[]): Promise<AppendResult> {
    const byTenant = groupByTenant(batch);
    const unique = [...byTenant.values()].reduce((n, list) => n + list.length, 0);
    if (unique === 0) return { stored: 0, duplicates: batch.length };
    const tenants = [...byTenant.keys()].sort();

    const stored = await this.db.transaction(async (tx) => {
      const heads = await lockHeads(tx, tenants);
      const [{ now }]: { now: Date }[] = await tx.query('SELECT clock_timestamp() AS now');
      // Later events never get an earlier stored_at than the head's, so a partition always
      // holds a contiguous stretch of each tenant's chain and retention cuts only a prefix.
      const storedAt = new Map(heads.map((h) => [h.tenant_id, h.last_stored_at && h.last_stored_at > now ? h.last_stored_at : now]));
      const fresh = await claimIds(tx, byTenant);

      const rows: { tenantId: string; storedAt: Date; item: ChainableEvent; link: ChainLink }[] = [];
      const moved: { tenantId: string; link: ChainLink; storedAt: Date }[] = [];
      for (const head of heads) {
        const items = byTenant.get(head.tenant_id)!.filter((i) => fresh.has(`${head.tenant_id}\u0000${i.event.id}`));
        if (items.length === 0) continue;
        const at = storedAt.get(head.tenant_id)!;
        const links = extendChain(
          { seq: Number(head.seq), hash: head.hash },
          items.map((i) => i.canonical),
        );
        items.forEach((item, i) => rows.push({ tenantId: head.tenant_id, storedAt: at, item, link: links[i] }));
        moved.push({ tenantId: head.tenant_id, link: links[links.length - 1], storedAt: at });
      }
      if (rows.length === 0) return 0;
      await insertEvents(tx, rows);
      await tx.query(
        `UPDATE audit.chain_heads h SET seq = v.seq, hash = v.hash, last_stored_at = v.stored_at
           FROM unnest($1::text[], $2::int8[], $3::bytea[], $4::timestamptz[]) AS v(tenant_id, seq, hash, stored_at)
          WHERE h.tenant_id = v.tenant_id`,
        [moved.map((m) => m.tenantId), moved.map((m) => m.link.seq), moved.map((m) => m.link.hash), moved.map((m) => m.storedAt)],
      );
      return rows.length;
    });
    return { stored, duplicates: batch.length - stored };
  }
}

/** Events per tenant in arrival order, each id once. */
function groupByTenant(batch: ChainableEvent[]): Map<string, ChainableEvent[]> {
  const byTenant = new Map<string, ChainableEvent[]>();
  const seen = new Set<string>();
  for (const item of batch) {
    const key = `${item.event.tenantId}\u0000${item.event.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = byTenant.get(item.event.tenantId);
    if (list) list.push(item);
    else byTenant.set(item.event.tenantId, [item]);
  }
  return byTenant;
}

async function lockHeads(tx: EntityManager, tenants: string[]): Promise<HeadRow[]> {
  await tx.query(
    `INSERT INTO audit.chain_heads (tenant_id, seq, hash) SELECT t, 0, $2 FROM unnest($1::text[]) AS t
       ON CONFLICT (tenant_id) DO NOTHING`,
    [tenants, GENESIS_HASH],
  );
  return tx.query(
    `SELECT tenant_id, seq, hash, last_stored_at FROM audit.chain_heads
      WHERE tenant_id = ANY($1::text[]) ORDER BY tenant_id FOR UPDATE`,
    [tenants],
  );
}

/** Inserts the ids; returns `tenant\0id` of those not stored before. */
async function claimIds(tx: EntityManager, byTenant: Map<string, ChainableEvent[]>): Promise<Set<string>> {
  const tenantIds: string[] = [];
  const ids: string[] = [];
  for (const [tenantId, items] of byTenant) {
    for (const item of items) {
      tenantIds.push(tenantId);
      ids.push(item.event.id);
    }
  }
  const claimed: { tenant_id: string; id: string }[] = await tx.query(
    `INSERT INTO audit.event_ids (tenant_id, id) SELECT * FROM unnest($1::text[], $2::uuid[])
     ON CONFLICT DO NOTHING RETURNING tenant_id, id`,
    [tenantIds, ids],
  );
  return new Set(claimed.map((c) => `${c.tenant_id}\u0000${c.id}`));
}

async function insertEvents(tx: EntityManager, rows: { tenantId: string; storedAt: Date; item: ChainableEvent; link: ChainLink }[]): Promise<void> {
  const column = <T>(pick: (r: (typeof rows)[number]) => T) => rows.map(pick);
  await tx.query(
    `INSERT INTO audit.audit_events
       (tenant_id, seq, id, occurred_at, stored_at, action, outcome, actor_type, actor_id,
        tool, connection_id, correlation_id, event, hash)
     SELECT * FROM unnest($1::text[], $2::int8[], $3::uuid[], $4::timestamptz[], $5::timestamptz[],
       $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
       $13::json[], $14::bytea[])`,
    [
      column((r) => r.tenantId),
      column((r) => r.link.seq),
      column((r) => r.item.event.id),
      column((r) => r.item.event.occurredAt),
      column((r) => r.storedAt),
      column((r) => r.item.event.action),
      column((r) => r.item.event.outcome),
      column((r) => r.item.event.actor.type),
      column((r) => r.item.event.actor.id),
      column((r) => r.item.event.tool ?? null),
      column((r) => r.item.event.connectionId ?? null),
      column((r) => r.item.event.correlationId ?? null),
      column((r) => r.link.canonicalEvent),
      column((r) => r.link.hash),
    ],
  );
}
