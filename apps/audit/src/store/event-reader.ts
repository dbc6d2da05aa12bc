import type { ClientBase, QueryArrayConfig } from 'pg';
import type { DataSource } from 'typeorm';

/** One stored link as read back: its sequence number, hash and the exact canonical text hashed. */
export interface StoredLink {
  seq: number;
  hash: Buffer;
  canonicalEvent: string;
  /** Set when read for export. */
  storedAt?: string;
  /** Set when columns were checked: false if a search column no longer says what the event says. */
  columnsMatch?: boolean;
}

export interface ReadOptions {
  /** Also compare the search columns with the event (costs a JSON parse per row in PostgreSQL). */
  checkColumns?: boolean;
  /** Also read stored_at (exports carry it). */
  withStoredAt?: boolean;
}

const CHUNK = 10_000;

// Text in, text out: the verifier hashes the stored text and needs no parsed values, and
// skipping pg's per-type parsers is much of what makes a million rows fast.
const asText = { getTypeParser: () => (value: string) => value } as unknown as QueryArrayConfig['types'];

/**
 * The search columns are copies of fields of the event, and the hash covers only the event.
 * Comparing them (with the casts the insert used) catches a column edited to hide an event
 * from search. The event is parsed once per row: OFFSET 0 keeps PostgreSQL from inlining `j`
 * into every comparison.
 */
const WITH_COLUMNS = `
  SELECT seq, hash, event, CASE WHEN $5 THEN to_json(stored_at)#>>'{}' END,
         (j->>'tenantId' = tenant_id AND lower(j->>'id') = id::text
          AND (j->>'occurredAt')::timestamptz = occurred_at
          AND j->>'action' = action AND j->>'outcome' = outcome
          AND j->'actor'->>'type' = actor_type AND j->'actor'->>'id' = actor_id
          AND (j->>'tool') IS NOT DISTINCT FROM tool
          AND (j->>'connectionId') IS NOT DISTINCT FROM connection_id
          AND (j->>'correlationId') IS NOT DISTINCT FROM correlation_id) AS columns_match
    FROM (SELECT e.*, e.event::jsonb AS j FROM audit.audit_events e
           WHERE e.tenant_id = $1 AND e.seq >= $2 AND e.seq <= $3
           ORDER BY e.seq, e.stored_at LIMIT $4 OFFSET 0) x`;

const PLAIN = `
  SELECT seq, hash, event, CASE WHEN $5 THEN to_json(stored_at)#>>'{}' END, NULL FROM audit.audit_events
   WHERE tenant_id = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq, stored_at LIMIT $4`;

/**
 * Reads a tenant's chain in sequence order, in chunks, over one pooled connection. Raw `pg`
 * rather than TypeORM's `query`: TypeORM cannot ask for array rows or skip type parsing.
 */
export class EventReader {
  constructor(private readonly db: DataSource) {}

  async *links(tenantId: string, fromSeq: number, toSeq: number, options: ReadOptions = {}): AsyncGenerator<StoredLink[]> {
    const runner = this.db.createQueryRunner('slave');
    let pending: Promise<StoredLink[]> | undefined;
    try {
      // PostgresQueryRunner.connect() resolves to the pooled pg client it holds.
      const client = (await runner.connect()) as ClientBase;
      // The next chunk is asked for before this one is handed out, so PostgreSQL reads it
      // while the caller hashes this one.
      pending = readChunk(client, tenantId, fromSeq, toSeq, options);
      for (;;) {
        const rows = await pending;
        pending = undefined;
        if (rows.length === 0) return;
        const next = rows[rows.length - 1].seq + 1;
        if (rows.length === CHUNK && next <= toSeq) pending = readChunk(client, tenantId, next, toSeq, options);
        yield rows;
        if (!pending) return;
      }
    } finally {
      await pending?.catch(() => undefined);
      await runner.release();
    }
  }

  /** The hash of one sequence number, or undefined when no row has it. */
  async hashAt(tenantId: string, seq: number): Promise<Buffer | undefined> {
    const rows: { hash: Buffer }[] = await this.db.query('SELECT hash FROM audit.audit_events WHERE tenant_id = $1 AND seq = $2 LIMIT 1', [tenantId, seq]);
    return rows[0]?.hash;
  }

  async lastSeq(tenantId: string): Promise<number> {
    const [row]: { seq: string | null }[] = await this.db.query('SELECT max(seq) AS seq FROM audit.audit_events WHERE tenant_id = $1', [tenantId]);
    return Number(row.seq ?? 0);
  }
}

async function readChunk(client: ClientBase, tenantId: string, fromSeq: number, toSeq: number, options: ReadOptions): Promise<StoredLink[]> {
  try {
    return await query(client, tenantId, fromSeq, toSeq, options);
  } catch (error) {
    // A value edited into something its type cannot cast (say, occurredAt no longer a time)
    // fails the whole chunk; narrow it down to the row so the verdict can name its sequence.
    return await bisect(client, tenantId, fromSeq, Math.min(toSeq, fromSeq + CHUNK - 1), options, error);
  }
}

async function bisect(client: ClientBase, tenantId: string, from: number, to: number, options: ReadOptions, error: unknown): Promise<StoredLink[]> {
  if (from >= to) throw new UnreadableEventError(from, error instanceof Error ? error.message : String(error));
  const mid = Math.floor((from + to) / 2);
  const head = await query(client, tenantId, from, mid, options).catch((e) => bisect(client, tenantId, from, mid, options, e));
  const tail = await query(client, tenantId, mid + 1, to, options).catch((e) => bisect(client, tenantId, mid + 1, to, options, e));
  return [...head, ...tail];
}

async function query(client: ClientBase, tenantId: string, fromSeq: number, toSeq: number, options: ReadOptions): Promise<StoredLink[]> {
  const result = await client.query<[string, string, string, string | null, string | null]>({
    text: options.checkColumns ? WITH_COLUMNS : PLAIN,
    values: [tenantId, fromSeq, toSeq, CHUNK, options.withStoredAt === true],
    rowMode: 'array',
    types: asText,
  });
  return result.rows.map(([seq, hash, canonicalEvent, storedAt, columnsMatch]) => ({
    seq: Number(seq),
    // bytea arrives as text in hex format: "\x" then two digits per byte.
    hash: Buffer.from(hash.slice(2), 'hex'),
    canonicalEvent,
    storedAt: storedAt ?? undefined,
    columnsMatch: options.checkColumns ? columnsMatch === 't' : undefined,
  }));
}

/** A stored event the database cannot even read back as an event: tampering, reported by sequence. */
export class UnreadableEventError extends Error {
  constructor(
    readonly seq: number,
    detail: string,
  ) {
    super(`the event at ${seq} cannot be read back (${detail})`);
    this.name = 'UnreadableEventError';
  }
}
