import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { METRIC_NAMES } from '@causeway/observability';
import { dropExpiredPartitions, ensurePartitions } from './partitions';

export interface PartitionMaintenanceOptions {
  /** The schema owner: creating and dropping partitions is DDL. */
  db: DataSource;
  monthsAhead: number;
  retentionMonths?: number;
  intervalMs: number;
  logger: Logger;
  registry: Registry;
}

/** Keeps partitions ready ahead of time and, when retention is set, drops expired ones. */
export class PartitionMaintenance {
  private timer?: NodeJS.Timeout;
  private readonly created: Counter;
  private readonly dropped: Counter;

  constructor(private readonly options: PartitionMaintenanceOptions) {
    const registers = [options.registry];
    this.created = new Counter({ name: METRIC_NAMES.auditPartitionsCreated, help: 'Monthly audit partitions created', registers });
    this.dropped = new Counter({ name: METRIC_NAMES.auditPartitionsDropped, help: 'Audit partitions dropped by retention', registers });
  }

  async runOnce(now = new Date()): Promise<void> {
    const { db, monthsAhead, retentionMonths, logger } = this.options;
    const created = await ensurePartitions(db, monthsAhead, now);
    if (created.length) logger.info({ created }, 'audit partitions created');
    this.created.inc(created.length);
    if (retentionMonths === undefined) return;
    const dropped = await dropExpiredPartitions(db, retentionMonths, now);
    if (dropped.length) logger.warn({ dropped }, 'audit partitions dropped by retention');
    this.dropped.inc(dropped.length);
  }

  start(): void {
    this.timer = setInterval(
      () => void this.runOnce().catch((error) => this.options.logger.error({ err: error }, 'partition maintenance failed')),
      this.options.intervalMs,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
