import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { METRIC_NAMES } from './metric-names';

/**
 * One registry per service rather than prom-client's global one: the embedded default runs
 * all three services in one process, and each must still expose only its own metrics.
 */
export function createServiceRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'causeway_', eventLoopMonitoringPrecision: 20 });
  return registry;
}

/**
 * Buckets (seconds) for request and call latency. Sub-millisecond at the bottom for the hot
 * path; up to 60 s at the top because an upstream call with its retries and backoff, or a
 * long proxied request, can take tens of seconds, and everything above the last bucket is
 * only "+Inf": a p99 of 40 s would otherwise read as "somewhere above 5 s".
 */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function httpDurationHistogram(registry: Registry): Histogram<'method' | 'route' | 'status_class'> {
  return withExemplars(
    registry,
    new Histogram({
      name: METRIC_NAMES.httpRequestDuration,
      help: 'HTTP request duration by method, route template and status class',
      labelNames: ['method', 'route', 'status_class'],
      buckets: [...LATENCY_BUCKETS_SECONDS],
      enableExemplars: true,
      registers: [],
    }),
  );
}

/**
 * Registers a histogram made with `enableExemplars` (observed as `{ labels, value, exemplarLabels }`)
 * in a Prometheus-format registry. prom-client refuses that pairing at construction only because
 * the Prometheus text format cannot show exemplars; our `/metrics` renders OpenMetrics, exemplars
 * included, for a scraper that asks for it (`renderMetrics`) and the classic text otherwise.
 */
export function withExemplars<T extends Histogram<string>>(registry: Registry, histogram: T): T {
  registry.registerMetric(histogram);
  return histogram;
}

export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
