import type { DataSource } from 'typeorm';
import { eventKey, TOPICS, type CloudEvent } from '@causeway/contracts';
import { GroupCommit, OutboxMessage } from '@causeway/messaging';
import { InboundEvent } from './inbound-event.entity';

export type StoreOutcome = { stored: true; id: string } | { stored: false; id: string };

/**
 * Stores a verified event once and, in the same transaction, its outbox row for
 * `causeway.events.v1`: when this resolves the event is durable and will be published even if
 * the process dies the next instant. A second delivery of the same vendor delivery id stores
 * nothing and reports the first one's id.
 */
export class InboundEventStore {
  private statement?: string;
  /**
   * Deliveries that arrive while a batch is being stored go together in the next: one
   * statement (and one commit) for many webhooks under a burst, one for a lone webhook.
   * Each caller still waits for its own batch's commit before the vendor is answered.
   */
  private readonly batches = new GroupCommit<CloudEvent, StoreOutcome | { failed: unknown }>((events) => this.storeBatch(events));

  constructor(private readonly dataSource: DataSource) {}

  async storeOnce(event: CloudEvent): Promise<StoreOutcome> {
    const outcome = await this.batches.submit(event);
    if ('failed' in outcome) throw outcome.failed;
    return outcome;
  }

  /** Each delivery's own outcome: one that cannot be stored fails alone, not its whole batch. */
  private async storeBatch(events: CloudEvent[]): Promise<(StoreOutcome | { failed: unknown })[]> {
    let inserted: Set<string>;
    try {
      inserted = await this.insert(events);
    } catch (error) {
      if (events.length === 1) return [{ failed: error }];
      // Alone, each is stored or refused on its own merits (a poison delivery, not an outage, is what this is for).
      return (await Promise.all(events.map((event) => this.storeBatch([event])))).flat();
    }
    return Promise.all(
      events.map((event) => (inserted.has(event.id) ? { stored: true as const, id: event.id } : this.firstOf(event).catch((failed: unknown) => ({ failed })))),
    );
  }

  /**
   * One statement, so one round trip and its own transaction: the event rows and, only for
   * those that were new, their outbox rows (a data-modifying CTE runs once, whether or not it
   * is read). Four round trips per event (BEGIN, two INSERTs, COMMIT) held the ingest to a few
   * hundred a second per pool. Returns the ids stored.
   */
  private async insert(events: CloudEvent[]): Promise<Set<string>> {
    const column = <T>(pick: (event: CloudEvent) => T) => events.map(pick);
    const rows = (await this.dataSource.query(this.sql(), [
      column((e) => e.id),
      column((e) => e.tenantid),
      column((e) => e.connectionid),
      column((e) => e.deliveryid),
      column((e) => e.type),
      column((e) => e.subject ?? null),
      column((e) => JSON.stringify(e)),
      TOPICS.events,
      column((e) => eventKey(e.tenantid, e.connectionid)),
      column((e) => JSON.stringify({ 'event-id': e.id })),
    ])) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  /** A second delivery of the same vendor delivery id stores nothing and reports the first one's id. */
  private async firstOf(event: CloudEvent): Promise<StoreOutcome> {
    const [first] = (await this.dataSource.query(
      `SELECT id::text AS id FROM ${this.table(InboundEvent)} WHERE tenant_id = $1 AND connection_id = $2 AND delivery_id = $3`,
      [event.tenantid, event.connectionid, event.deliveryid],
    )) as { id: string }[];
    if (!first) throw new Error('an inbound event conflicted with a row that is not there: its id is taken by another delivery');
    return { stored: false, id: first.id };
  }

  private sql(): string {
    // WITH ORDINALITY keeps the batch's order in the seqs the rows get, so events arrive at
    // subscribers in the order they were received.
    this.statement ??= `WITH batch AS (
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $9::text[], $10::jsonb[])
          WITH ORDINALITY AS b(id, tenant_id, connection_id, delivery_id, type, subject, event, key, headers, n)
      ), inserted AS (
        INSERT INTO ${this.table(InboundEvent)} (id, tenant_id, connection_id, delivery_id, type, subject, event)
        SELECT id, tenant_id, connection_id, delivery_id, type, subject, event FROM batch ORDER BY n
        ON CONFLICT DO NOTHING RETURNING id
      ), queued AS (
        INSERT INTO ${this.table(OutboxMessage)} (event_id, topic, key, payload, headers)
        SELECT b.id, $8, b.key, b.event, b.headers FROM batch b JOIN inserted i ON i.id = b.id ORDER BY b.n RETURNING event_id
      )
      SELECT id::text AS id FROM inserted`;
    return this.statement;
  }

  private table(entity: typeof InboundEvent | typeof OutboxMessage): string {
    const metadata = this.dataSource.getMetadata(entity);
    return metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`;
  }
}
