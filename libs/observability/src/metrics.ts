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

export function httpDurationHistogram(registry: Registry): Histogram<'method' | 'route' | 'status_class'> {
  return new Histogram({
    name: METRIC_NAMES.httpRequestDuration,
    help: 'HTTP request duration by method, route template and status class',
    labelNames: ['method', 'route', 'status_class'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
}

export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
