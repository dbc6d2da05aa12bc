import type { DataSource } from 'typeorm';
import type { AuditEvent, AuditOutcome } from '@causeway/contracts';
import { dailyKeyCalls, type DailyCalls } from './key-usage';

export interface EventFilter {
  /** occurred_at >= from (ISO 8601). */
  from?: string;
  /** occurred_at < to. */
  to?: string;
  actor?: string;
  actorType?: AuditEvent['actor']['type'];
  tool?: string;
  connectionId?: string;
  outcome?: AuditOutcome;
  correlationId?: string;
  action?: string;
  /** The agent's workflow run, read from the event itself (no column: rarely filtered, always within one tenant). */
  workflowRunId?: string;
}

/** One stored event with its place in the tenant's chain. */
export interface StoredEvent {
  seq: number;
  storedAt: string;
  hash: string;
  event: AuditEvent;
}

interface Row {
  seq: string;
  stored_at: Date;
  hash: Buffer;
  event: AuditEvent;
}

const columns: Record<Exclude<keyof EventFilter, 'from' | 'to'>, string> = {
  actor: 'actor_id',
  actorType: 'actor_type',
  tool: 'tool',
  connectionId: 'connection_id',
  outcome: 'outcome',
  correlationId: 'correlation_id',
  action: 'action',
  workflowRunId: "(event->>'workflowRunId')",
};

/**
 * Search over one tenant's events, newest first, keyset-paginated on the sequence number.
 * The tenant is a required argument and the first condition of every query: no filter, id or
 * cursor can reach another tenant's rows.
 */
export class EventsQuery {
  constructor(private readonly db: DataSource) {}

  async page(tenantId: string, filter: EventFilter, first: number, beforeSeq?: number): Promise<{ items: StoredEvent[]; hasMore: boolean }> {
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.from) add((p) => `occurred_at >= ${p}::timestamptz`, filter.from);
    if (filter.to) add((p) => `occurred_at < ${p}::timestamptz`, filter.to);
    for (const [key, column] of Object.entries(columns) as [keyof typeof columns, string][]) {
      if (filter[key] !== undefined) add((p) => `${column} = ${p}`, filter[key]);
    }
    if (beforeSeq !== undefined) add((p) => `seq < ${p}`, beforeSeq);
    params.push(first + 1);
    const rows: Row[] = await this.db.query(
      `SELECT seq, stored_at, hash, event FROM audit.audit_events
        WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    return { items: rows.slice(0, first).map(toStoredEvent), hasMore: rows.length > first };
  }

  /** Daily tool calls of one API key over the last `days` UTC days. */
  dailyKeyCalls(tenantId: string, keyId: string, days: number, now?: Date): Promise<DailyCalls[]> {
    return dailyKeyCalls(this.db, tenantId, keyId, days, now);
  }

  /**
   * The contiguous stretch of the chain that an export of [from, to) covers: from the first
   * to the last event that occurred in the range, including any late arrival stored in
   * between, so the export verifies as a chain on its own.
   */
  async seqWindow(tenantId: string, from?: string, to?: string): Promise<{ fromSeq: number; toSeq: number } | undefined> {
    const [row]: { min: string | null; max: string | null }[] = await this.db.query(
      `SELECT min(seq) AS min, max(seq) AS max FROM audit.audit_events
        WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR occurred_at >= $2) AND ($3::timestamptz IS NULL OR occurred_at < $3)`,
      [tenantId, from ?? null, to ?? null],
    );
    return row.min === null || row.max === null ? undefined : { fromSeq: Number(row.min), toSeq: Number(row.max) };
  }
}

function toStoredEvent(row: Row): StoredEvent {
  return {
    seq: Number(row.seq),
    storedAt: row.stored_at.toISOString(),
    hash: row.hash.toString('hex'),
    event: row.event,
  };
}
