import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { EVENT_HEADERS } from '@causeway/contracts';
import { METRIC_NAMES } from '@causeway/observability';
import type { EventBus } from '../event-bus';
import { OutboxCommitSignal } from './outbox-commit-signal';
import { OutboxMessage } from './outbox-message.entity';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  bus: EventBus;
  logger: Logger;
  registry?: Registry;
  /**
   * The fallback poll, for rows this process was not told about (written by another replica or
   * process). Rows this process commits wake the relay at once (OutboxCommitSignal).
   */
  pollIntervalMs?: number;
  /** How soon to try again when another replica held the publish lock (it may have missed our rows). */
  contendedRetryMs?: number;
  batchSize?: number;
  /** Longest pause between attempts while the bus is down. */
  maxBackoffMs?: number;
  /** Published rows older than this are pruned. */
  retainPublishedMs?: number;
}

interface PendingRow {
  seq: string;
  topic: string;
  key: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * Publishes committed outbox rows to the bus, oldest first, and marks them sent once the bus
 * accepted them. A crash after the bus accepted but before the mark commits
 * republishes the batch (at-least-once; the event id lets consumers drop the duplicate);
 * nothing committed is ever skipped.
 *
 * One relay at a time holds an advisory lock while it publishes, so replicas of the control
 * plane cannot interleave and reorder a tenant's events.
 *
 * It runs when this process commits outbox rows (and when `nudge()` is called), and otherwise
 * every `pollIntervalMs` for rows other processes wrote: an idle relay costs one poll per
 * interval, not several a second.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Set by a wake-up that came while a pass was running: that pass may have missed the rows. */
  private wanted = false;
  /** The last pass found the publish lock held by another replica. */
  private contended = false;
  private signal?: OutboxCommitSignal;
  private backoffMs = 0;
  private lastPrune = 0;
  private readonly published?: Counter<'topic'>;
  private readonly failures?: Counter;

  constructor(private readonly options: OutboxRelayOptions) {
    const { registry, dataSource } = options;
    if (registry) {
      // By topic (a handful, all ours): ConfigStale compares config changes published with
      // what each data plane applied, and audit events alone must not count as changes.
      this.published = new Counter({
        name: METRIC_NAMES.outboxPublished,
        help: 'Outbox rows published, by topic',
        labelNames: ['topic'],
        registers: [registry],
      });
      this.failures = new Counter({ name: METRIC_NAMES.outboxPublishFailures, help: 'Outbox publish attempts that failed', registers: [registry] });
      const table = this.table();
      new Gauge({
        name: METRIC_NAMES.outboxBacklog,
        help: 'Outbox rows not yet published',
        registers: [registry],
        async collect() {
          try {
            const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE published_at IS NULL`);
            this.set(row.n);
          } catch {
            // The database being down is reported by /readyz; keep the last value.
          }
        },
      });
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.signal = OutboxCommitSignal.attach(this.options.dataSource, () => this.nudge());
    this.loop = this.run();
  }

  /** Asks for a pass now instead of at the next poll (called after a local commit). */
  nudge(): void {
    this.wanted = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.signal?.detach(this.options.dataSource);
    this.signal = undefined;
    this.wake?.();
    await this.loop;
  }

  /** Publishes up to one batch; returns how many rows were published. */
  async publishBatch(): Promise<number> {
    const { dataSource, bus } = this.options;
    const batchSize = this.options.batchSize ?? 200;
    const table = this.table();
    const lockKey = `causeway:outbox:${table}`;
    // A session lock, not a transaction: the publish may wait on consumers that write to
    // the same database (the embedded bus delivers synchronously), and PGlite serialises
    // transactions across connections, so holding one open here would deadlock.
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [lockKey]);
      this.contended = !locked;
      if (!locked) return 0;
      try {
        const rows: PendingRow[] = await runner.query(
          `SELECT seq, topic, key, payload, headers FROM ${table}
            WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
          [batchSize],
        );
        if (rows.length === 0) return 0;
        const seqs = rows.map((r) => r.seq);
        try {
          // The row's seq travels with it: a consumer that also reads the outbox directly (the data
          // plane's config side channel) orders one entity's changes by it across both paths.
          await bus.publish(
            rows.map((r) => ({ topic: r.topic, key: r.key, value: r.payload, headers: { ...r.headers, [EVENT_HEADERS.outboxSeq]: String(r.seq) } })),
          );
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await runner
            .query(`UPDATE ${table} SET attempts = attempts + 1, last_error = $2 WHERE seq = ANY($1::bigint[])`, [seqs, message.slice(0, 500)])
            .catch(() => undefined);
          throw error;
        }
        // If this update is lost (crash, DB blip), the rows go out again: at-least-once.
        await runner.query(`UPDATE ${table} SET published_at = now(), last_error = NULL WHERE seq = ANY($1::bigint[])`, [seqs]);
        for (const row of rows) this.published?.inc({ topic: row.topic });
        return rows.length;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockKey]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  private async run(): Promise<void> {
    const log = this.options.logger.child({ component: 'outbox-relay' });
    const poll = this.options.pollIntervalMs ?? 5000;
    const contendedRetry = Math.min(poll, this.options.contendedRetryMs ?? 250);
    const maxBackoff = this.options.maxBackoffMs ?? 5000;
    while (this.running) {
      this.wanted = false;
      let published = 0;
      try {
        published = await this.publishBatch();
        if (this.backoffMs > 0) log.info('event bus reachable again; outbox draining');
        this.backoffMs = 0;
        await this.pruneIfDue();
      } catch (error) {
        this.failures?.inc();
        this.backoffMs = Math.min(maxBackoff, Math.max(poll, this.backoffMs * 2));
        log.warn({ err: error, retryInMs: this.backoffMs }, 'outbox publish failed; will retry');
      }
      // A full batch means more is waiting, and a wake-up during the pass may mean rows it did
      // not see: go again at once. Another replica holding the lock may have started before our
      // rows committed: look again soon rather than at the next poll.
      if (this.running && this.backoffMs > 0) await this.sleep(this.backoffMs);
      else if (this.running && published === 0 && !this.wanted) await this.sleep(this.contended ? contendedRetry : poll);
    }
  }

  private async pruneIfDue(): Promise<void> {
    const retain = this.options.retainPublishedMs ?? 7 * 24 * 3600_000;
    if (Date.now() - this.lastPrune < 60_000) return;
    this.lastPrune = Date.now();
    await this.options.dataSource.query(`DELETE FROM ${this.table()} WHERE published_at < now() - ($1::bigint * interval '1 millisecond')`, [retain]);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private table(): string {
    const metadata = this.options.dataSource.getMetadata(OutboxMessage);
    return metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`;
  }
}
