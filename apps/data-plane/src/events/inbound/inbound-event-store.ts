import type { DataSource } from 'typeorm';
import { eventKey, TOPICS, type CloudEvent } from '@causeway/contracts';
import { GroupCommit, OutboxMessage } from '@causeway/messaging';
import { isDependencyOutage } from '@causeway/platform';
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
      // PostgreSQL unreachable fails every one of them alike: trying each alone would only queue hundreds more failures.
      if (events.length === 1 || isDependencyOutage(error)) return events.map(() => ({ failed: error }));
      // Alone, each is stored or refused on its own merits: one poison delivery fails by itself.
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
    // The batch travels as one JSON document: node-pg escapes a jsonb[] parameter character by
    // character in JavaScript, which cost more than the statement saved.
    const rows = (await this.dataSource.query(this.sql(), [
      JSON.stringify(events),
      TOPICS.events,
      events.map((e) => eventKey(e.tenantid, e.connectionid)),
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
        SELECT (e->>'id')::uuid AS id, e->>'tenantid' AS tenant_id, e->>'connectionid' AS connection_id, e->>'deliveryid' AS delivery_id,
               e->>'type' AS type, e->>'subject' AS subject, e AS event, ($3::text[])[n] AS key, n
          FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS b(e, n)
      ), inserted AS (
        INSERT INTO ${this.table(InboundEvent)} (id, tenant_id, connection_id, delivery_id, type, subject, event)
        SELECT id, tenant_id, connection_id, delivery_id, type, subject, event FROM batch ORDER BY n
        ON CONFLICT DO NOTHING RETURNING id
      ), queued AS (
        INSERT INTO ${this.table(OutboxMessage)} (event_id, topic, key, payload, headers)
        SELECT b.id, $2, b.key, b.event, jsonb_build_object('event-id', b.id) FROM batch b JOIN inserted i ON i.id = b.id ORDER BY b.n RETURNING event_id
      )
      SELECT id::text AS id FROM inserted`;
    return this.statement;
  }

  private table(entity: typeof InboundEvent | typeof OutboxMessage): string {
    const metadata = this.dataSource.getMetadata(entity);
    return metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`;
  }
}
