import { Counter, Histogram, type Registry } from 'prom-client';
import type { AuditOutcome } from '@causeway/contracts';
import { activeExemplar, LATENCY_BUCKETS_SECONDS, METRIC_NAMES, statusClass, withExemplars } from '@causeway/observability';
import { TENANT_PROVIDER_PREFIX } from '../tenant-connectors/tenant-catalogs';

/** Tenants name their own connectors and tools: one label for all of them keeps the label set bounded. */
const TENANT_CONNECTOR_LABEL = 'tenant_connector';

function isTenantProvider(connector: string): boolean {
  return connector.startsWith(TENANT_PROVIDER_PREFIX);
}

/** The one label value for a connector or action the catalog does not know. */
export const UNKNOWN_LABEL = 'unknown';

/** Per connector and action; labels stay bounded by the catalog (never tenant or key ids). */
export class CallMetrics {
  private readonly calls: Counter<'connector' | 'action' | 'outcome' | 'status_class'>;
  private readonly upstream: Histogram<'connector'>;
  private readonly attempts: Histogram<'connector'>;

  constructor(registry: Registry) {
    this.calls = new Counter({
      name: METRIC_NAMES.connectorCalls,
      help: 'Agent calls by connector, action, outcome and upstream status class',
      labelNames: ['connector', 'action', 'outcome', 'status_class'],
      registers: [registry],
    });
    this.upstream = withExemplars(
      registry,
      new Histogram({
        name: METRIC_NAMES.connectorUpstreamDuration,
        help: 'Upstream request duration per connector (each attempt)',
        labelNames: ['connector'],
        buckets: [...LATENCY_BUCKETS_SECONDS],
        enableExemplars: true,
        registers: [],
      }),
    );
    this.attempts = new Histogram({
      name: METRIC_NAMES.connectorAttempts,
      help: 'Upstream attempts per agent call',
      labelNames: ['connector'],
      buckets: [0, 1, 2, 3, 4, 6],
      registers: [registry],
    });
  }

  recordCall(connector: string, action: string, outcome: AuditOutcome, upstreamStatus: number | undefined, attempts: number) {
    if (isTenantProvider(connector)) connector = action = TENANT_CONNECTOR_LABEL;
    this.calls.inc({ connector, action, outcome, status_class: upstreamStatus ? statusClass(upstreamStatus) : 'none' });
    this.attempts.observe({ connector }, attempts);
  }

  async timeUpstream<T>(connector: string, fn: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    try {
      return await fn();
    } finally {
      const value = Number(process.hrtime.bigint() - started) / 1e9;
      this.upstream.observe({
        labels: { connector: isTenantProvider(connector) ? TENANT_CONNECTOR_LABEL : connector },
        value,
        exemplarLabels: activeExemplar(),
      });
    }
  }
}
