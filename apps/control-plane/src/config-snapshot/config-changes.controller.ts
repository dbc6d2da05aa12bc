import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { TOPICS } from '@causeway/contracts';
import { OutboxMessage } from '@causeway/messaging';
import { parseInput } from '@causeway/platform';
import { InternalOnly } from '../auth/access-levels';
import { DATA_SOURCE } from '../database/tokens';

/** At most this many changes per answer; a replica further behind asks again at once. */
export const CHANGES_PAGE = 500;
/**
 * Rows this recent are sent again whatever the cursor: an outbox seq is taken at insert, so a
 * transaction that commits after a later one shows its smaller seq only after a reader moved
 * past it. Re-sent changes cost nothing (the data plane keeps each entity's last seq).
 */
const RECENT = '5 seconds';
/** How far down from the top the recent rows are looked for. */
const RECENT_SCAN = 2000;

const querySchema = z.strictObject({
  after: z
    .string()
    .regex(/^\d{1,18}$/, 'a non-negative integer')
    .optional(),
});

export interface ConfigChangesPage {
  /** The largest outbox seq the page covers: the next `after`. */
  head: string;
  /** The page was full: more changes wait after `head`. */
  more: boolean;
  /** Config changes in seq order, each as the stream carries it (the event and its seq). */
  changes: { seq: string; key: string; headers: Record<string, string>; event: Record<string, unknown> }[];
}

/**
 * The config stream's side channel (docs/decisions/0010-config-side-channel.md): the config
 * changes of the outbox after a seq, read straight from the table the stream is published
 * from. Data-plane replicas poll it, so a revocation reaches them within a second whatever
 * Kafka does. Without `after` it answers the head only, for a replica that starts from the
 * stream. Service-to-service only (internal token).
 */
@Controller('internal/config')
export class ConfigChangesController {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @InternalOnly()
  @Get('changes')
  async changes(@Query() query: unknown): Promise<ConfigChangesPage> {
    const { after } = parseInput(querySchema, query, { whole: 'query' });
    const table = tableOf(this.dataSource);
    const [{ head }] = (await this.dataSource.query(`SELECT coalesce(max(seq), 0)::text AS head FROM ${table}`)) as { head: string }[];
    if (after === undefined) return { head, more: false, changes: [] };
    // The lower bound goes back to the oldest recent row; found from the top of the seq index
    // (a bounded backward scan), so both reads are range scans of the primary key.
    const rows = (await this.dataSource.query(
      `WITH recent AS (SELECT seq, created_at FROM ${table} ORDER BY seq DESC LIMIT ${RECENT_SCAN}),
            bound AS (SELECT least($3::bigint, coalesce((SELECT min(seq) - 1 FROM recent WHERE created_at > now() - interval '${RECENT}'), $3::bigint)) AS lower)
       SELECT seq::text AS seq, key, headers, payload FROM ${table}, bound
        WHERE seq > bound.lower AND seq <= $2::bigint AND topic = $1
        ORDER BY seq LIMIT ${CHANGES_PAGE}`,
      [TOPICS.config, head, after],
    )) as { seq: string; key: string; headers: Record<string, string>; payload: Record<string, unknown> }[];
    const full = rows.length === CHANGES_PAGE;
    return {
      head: full ? rows[rows.length - 1].seq : head,
      more: full,
      changes: rows.map((r) => ({ seq: r.seq, key: r.key, headers: r.headers, event: r.payload })),
    };
  }
}

export function tableOf(dataSource: DataSource): string {
  const metadata = dataSource.getMetadata(OutboxMessage);
  return metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`;
}
