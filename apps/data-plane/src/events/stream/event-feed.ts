import type { DataSource } from 'typeorm';
import { InboundEvent } from '../inbound/inbound-event.entity';

export interface FeedEvent {
  /** The tenant-wide position: what `Last-Event-ID` carries back. */
  seq: string;
  type: string;
  event: Record<string, unknown>;
}

export interface FeedFilter {
  /** Type prefixes (`com.github.`); empty means every type. */
  typePrefixes: readonly string[];
  connectionId?: string;
}

/**
 * A tenant's stored events in order of `seq`, read after a position. Rows younger than
 * `settleMs` are held back: `seq` is taken at insert and a concurrent transaction may commit a
 * lower one a moment later, which a reader already past it would skip for good.
 */
export class EventFeed {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settleMs = 1000,
  ) {}

  async after(tenantId: string, afterSeq: string, filter: FeedFilter, limit = 200): Promise<FeedEvent[]> {
    const table = this.table();
    const rows: FeedEvent[] = await this.dataSource.query(
      `SELECT seq::text AS seq, type, event FROM ${table}
        WHERE tenant_id = $1 AND seq > $2::bigint
          AND received_at <= now() - ($3::int * interval '1 millisecond')
          AND ($4::text IS NULL OR connection_id = $4)
          AND (cardinality($5::text[]) = 0 OR EXISTS (SELECT 1 FROM unnest($5::text[]) p WHERE starts_with(type, p)))
        ORDER BY seq LIMIT $6`,
      [tenantId, afterSeq, this.settleMs, filter.connectionId ?? null, filter.typePrefixes, limit],
    );
    return rows;
  }

  /** The tenant's newest `limit` settled events, oldest first: what "recent events" shows. */
  async latest(tenantId: string, filter: FeedFilter, limit = 50): Promise<FeedEvent[]> {
    const rows: FeedEvent[] = await this.dataSource.query(
      `SELECT seq::text AS seq, type, event FROM ${this.table()}
        WHERE tenant_id = $1
          AND received_at <= now() - ($2::int * interval '1 millisecond')
          AND ($3::text IS NULL OR connection_id = $3)
          AND (cardinality($4::text[]) = 0 OR EXISTS (SELECT 1 FROM unnest($4::text[]) p WHERE starts_with(type, p)))
        ORDER BY seq DESC LIMIT $5`,
      [tenantId, this.settleMs, filter.connectionId ?? null, filter.typePrefixes, limit],
    );
    return rows.reverse();
  }

  /** One event of the tenant by its CloudEvent id (a uuid), or undefined — also when it is another tenant's. */
  async byId(tenantId: string, id: string): Promise<FeedEvent | undefined> {
    const [row] = (await this.dataSource.query(`SELECT seq::text AS seq, type, event FROM ${this.table()} WHERE tenant_id = $1 AND id = $2::uuid`, [
      tenantId,
      id,
    ])) as FeedEvent[];
    return row;
  }

  /** The newest position of the tenant, where a client without `Last-Event-ID` starts. */
  async head(tenantId: string): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT coalesce(max(seq), 0)::text AS seq FROM ${this.table()} WHERE tenant_id = $1`, [tenantId]);
    return row.seq;
  }

  private table(): string {
    const metadata = this.dataSource.getMetadata(InboundEvent);
    return metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`;
  }
}
