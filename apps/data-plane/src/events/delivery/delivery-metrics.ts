import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRIC_NAMES } from '@causeway/observability';

export type DeliveryResult = 'delivered' | 'failed' | 'dead_lettered';

export interface DeliveryMetrics {
  attempted(tenantId: string, result: DeliveryResult): void;
  /** Seconds from the event's time to the agent's 2xx. */
  latency(seconds: number): void;
}

/**
 * Delivery attempts by tenant and result, and the event-to-2xx latency. Labelled by tenant, not
 * subscription: a tenant may create many subscriptions, tenants are bounded by the platform;
 * per-subscription detail is in the audit trail and the dead-letter list.
 */
export function deliveryMetrics(registry: Registry): DeliveryMetrics {
  const attempts = new Counter({
    name: METRIC_NAMES.eventDeliveries,
    help: 'Event delivery attempts to agent URLs by tenant and result',
    labelNames: ['tenant', 'result'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: METRIC_NAMES.eventDeliveryLatency,
    help: 'Seconds from an event to its successful delivery',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 1800],
    registers: [registry],
  });
  return { attempted: (tenant, result) => attempts.inc({ tenant, result }), latency: (seconds) => latency.observe(Math.max(0, seconds)) };
}

/** The age of the oldest event still owed to a subscription, read at scrape time: the lag alert's input. */
export function oldestPendingGauge(registry: Registry, read: () => Promise<number>): Gauge {
  return new Gauge({
    name: METRIC_NAMES.eventDeliveryOldestPending,
    help: 'Seconds since the oldest event not yet delivered nor dead-lettered was owed to a subscription',
    registers: [registry],
    async collect() {
      this.set(await read().catch(() => 0));
    },
  });
}
