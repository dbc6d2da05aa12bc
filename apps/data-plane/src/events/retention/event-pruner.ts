import { Counter, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { METRIC_NAMES } from '@causeway/observability';
import type { Logger } from '@causeway/observability';
import type { WorkLeases } from '../leases/work-leases';
import { retentionCutoffs, type RetentionCutoff, type RetentionPolicy } from './retention-policy';

export interface PrunedCounts {
  events: number;
  deliveries: number;
}

export interface EventPrunerOptions {
  dataSource: DataSource;
  /** Read at every pass, so a tenant's changed setting applies at the next one. */
  policy: () => RetentionPolicy;
  logger: Logger;
  /** Injectable so tests move time instead of sleeping. */
  now?: () => number;
  /** Rows deleted per statement: each batch is one short transaction, never a long lock. */
  batchSize?: number;
  /** Batches per cutoff per pass; what is left waits for the next pass. */
  maxBatches?: number;
  /** With leases, one replica prunes at a time (they would only contend for the same rows). */
  leases?: WorkLeases;
  onPruned?: (counts: PrunedCounts) => void;
}

/** The lease held by the replica pruning now. */
export const PRUNE_LEASE = 'events-prune';

/**
 * Retention of stored events: deletes `inbound_events` received before their tenant's
 * retention (never inside the deduplication window, see RetentionPolicy) together with their
 * delivered and dead-lettered `event_deliveries`, in bounded batches, on a timer off the hot
 * path. An event still owed to a subscription (a pending delivery) is kept until it is
 * delivered or dead-lettered. An event and its deliveries go in one statement, so the delivery
 * worker's fan-out, which re-reads recent events, never finds an event without its delivery
 * row and owes it again.
 */
export class EventPruner {
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly options: EventPrunerOptions) {
    this.now = options.now ?? Date.now;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.pass(intervalMs)
        .catch((error: unknown) => this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'event pruning failed'))
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One scheduled pass: prunes when this replica holds the pruning lease (or there is none). */
  async pass(intervalMs: number): Promise<PrunedCounts | undefined> {
    if (this.options.leases && !(await this.options.leases.take(PRUNE_LEASE, intervalMs))) return undefined;
    return this.prune();
  }

  /** Prunes what every tenant's retention lets go, up to the batch bounds. */
  async prune(): Promise<PrunedCounts> {
    const policy = this.options.policy();
    const overridden = [...policy.overrides.keys()];
    const total: PrunedCounts = { events: 0, deliveries: 0 };
    for (const cutoff of retentionCutoffs(policy, this.now())) {
      for (let batch = 0; batch < (this.options.maxBatches ?? 20); batch++) {
        const counts = await this.pruneBatch(cutoff, overridden);
        total.events += counts.events;
        total.deliveries += counts.deliveries;
        if (counts.events < (this.options.batchSize ?? 500)) break;
      }
    }
    if (total.events > 0 || total.deliveries > 0) {
      this.options.onPruned?.(total);
      this.options.logger.info(total, 'pruned events past their retention');
    }
    return total;
  }

  private async pruneBatch(cutoff: RetentionCutoff, overridden: string[]): Promise<PrunedCounts> {
    // The default cutoff applies to every tenant without an override of its own.
    const tenantFilter = cutoff.tenantId !== undefined ? `e.tenant_id = $3` : `NOT (e.tenant_id = ANY($3::text[]))`;
    const [row] = (await this.options.dataSource.query(
      `WITH gone AS (
         DELETE FROM data_plane.inbound_events WHERE seq IN (
           SELECT e.seq FROM data_plane.inbound_events e
            WHERE e.received_at < $1 AND ${tenantFilter}
              AND NOT EXISTS (SELECT 1 FROM data_plane.event_deliveries d WHERE d.event_seq = e.seq AND d.status = 'pending')
            ORDER BY e.received_at LIMIT $2)
         RETURNING seq),
       deliveries AS (DELETE FROM data_plane.event_deliveries WHERE event_seq IN (SELECT seq FROM gone) RETURNING 1)
       SELECT (SELECT count(*) FROM gone) AS events, (SELECT count(*) FROM deliveries) AS deliveries`,
      [cutoff.before, this.options.batchSize ?? 500, cutoff.tenantId ?? overridden],
    )) as { events: string; deliveries: string }[];
    return { events: Number(row?.events ?? 0), deliveries: Number(row?.deliveries ?? 0) };
  }
}

/** `causeway_events_pruned_total{table}`: rows removed by retention (bounded label: two tables). */
export function prunedCounter(registry: Registry): (counts: PrunedCounts) => void {
  const counter = new Counter({
    name: METRIC_NAMES.eventsPruned,
    help: 'Stored events and their delivery rows removed past their retention, by table',
    labelNames: ['table'],
    registers: [registry],
  });
  return (counts) => {
    counter.inc({ table: 'inbound_events' }, counts.events);
    counter.inc({ table: 'event_deliveries' }, counts.deliveries);
  };
}
