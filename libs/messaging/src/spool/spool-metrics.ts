import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Metric names of the spooling publisher. They belong in `METRIC_NAMES`
 * (libs/observability/src/metric-names.ts); until they are moved there they live here.
 * Labels: `spool` (the configured name, e.g. `audit`), plus `path` (`drain`, kept for dashboards) on
 * flush failures and `reason` on rejections. Never tenant ids.
 */
export const SPOOL_METRIC_NAMES = {
  spoolRecords: 'causeway_spool_records',
  spoolBytes: 'causeway_spool_bytes',
  spoolBytesLimit: 'causeway_spool_bytes_limit',
  spoolSpooled: 'causeway_spool_spooled_total',
  spoolDrained: 'causeway_spool_drained_total',
  spoolFlushFailures: 'causeway_spool_flush_failures_total',
  spoolRejected: 'causeway_spool_rejected_total',
  spoolCorruptRecords: 'causeway_spool_corrupt_records_total',
  spoolFsyncDuration: 'causeway_spool_fsync_duration_seconds',
} as const;

export type SpoolRejectReason = 'admission' | 'full' | 'write_failed' | 'closed' | 'too_large';

/** Gets a metric already registered under `name` (a second spool on the same registry) or creates it. */
function shared<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** Thin wrapper so the publisher does not branch on "is there a registry" at every call. */
export class SpoolMetrics {
  private readonly records?: Gauge<'spool'>;
  private readonly bytes?: Gauge<'spool'>;
  private readonly spooled?: Counter<'spool'>;
  private readonly drained?: Counter<'spool'>;
  private readonly failures?: Counter<'spool' | 'path'>;
  private readonly rejected?: Counter<'spool' | 'reason'>;
  private readonly corrupt?: Counter<'spool'>;
  private readonly fsync?: Histogram<'spool'>;

  constructor(
    registry: Registry | undefined,
    private readonly spool: string,
    maxBytes: number,
  ) {
    if (!registry) return;
    const registers = [registry];
    const n = SPOOL_METRIC_NAMES;
    this.records = shared(
      registry,
      n.spoolRecords,
      () => new Gauge({ name: n.spoolRecords, help: 'Spooled records not yet acknowledged by the bus', labelNames: ['spool'], registers }),
    );
    this.bytes = shared(
      registry,
      n.spoolBytes,
      () => new Gauge({ name: n.spoolBytes, help: 'Bytes of spool segment files on disk', labelNames: ['spool'], registers }),
    );
    const limit = shared(
      registry,
      n.spoolBytesLimit,
      () => new Gauge({ name: n.spoolBytesLimit, help: 'Configured spool size limit in bytes', labelNames: ['spool'], registers }),
    );
    limit.set({ spool }, maxBytes);
    this.spooled = shared(
      registry,
      n.spoolSpooled,
      () => new Counter({ name: n.spoolSpooled, help: 'Records written (and fsynced) to the spool', labelNames: ['spool'], registers }),
    );
    this.drained = shared(
      registry,
      n.spoolDrained,
      () => new Counter({ name: n.spoolDrained, help: 'Spooled records the bus acknowledged', labelNames: ['spool'], registers }),
    );
    this.failures = shared(
      registry,
      n.spoolFlushFailures,
      () =>
        new Counter({
          name: n.spoolFlushFailures,
          help: 'Bus publish attempts of the spool drain that failed',
          labelNames: ['spool', 'path'],
          registers,
        }),
    );
    this.rejected = shared(
      registry,
      n.spoolRejected,
      () =>
        new Counter({
          name: n.spoolRejected,
          help: 'Messages or calls refused by the spooling publisher, by reason',
          labelNames: ['spool', 'reason'],
          registers,
        }),
    );
    this.corrupt = shared(
      registry,
      n.spoolCorruptRecords,
      () => new Counter({ name: n.spoolCorruptRecords, help: 'Torn or corrupt spool lines skipped', labelNames: ['spool'], registers }),
    );
    this.fsync = shared(
      registry,
      n.spoolFsyncDuration,
      () =>
        new Histogram({
          name: n.spoolFsyncDuration,
          help: 'Duration of one spool append fsync (one per group-committed batch)',
          labelNames: ['spool'],
          buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
          registers,
        }),
    );
  }

  level(records: number, bytes: number): void {
    this.records?.set({ spool: this.spool }, records);
    this.bytes?.set({ spool: this.spool }, bytes);
  }

  spooledRecords(n: number): void {
    this.spooled?.inc({ spool: this.spool }, n);
  }

  drainedRecords(n: number): void {
    this.drained?.inc({ spool: this.spool }, n);
  }

  flushFailure(path: 'drain'): void {
    this.failures?.inc({ spool: this.spool, path });
  }

  rejectedMessages(reason: SpoolRejectReason, n = 1): void {
    this.rejected?.inc({ spool: this.spool, reason }, n);
  }

  corruptRecords(n: number): void {
    if (n > 0) this.corrupt?.inc({ spool: this.spool }, n);
  }

  fsyncSeconds(seconds: number): void {
    this.fsync?.observe({ spool: this.spool }, seconds);
  }
}
