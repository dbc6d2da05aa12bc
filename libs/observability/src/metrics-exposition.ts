import { Registry } from 'prom-client';

export interface Exposition {
  contentType: string;
  body: string;
}

const renders = new WeakMap<Registry, Promise<unknown>>();

/** Prometheus asks for OpenMetrics first when exemplar storage is on; other scrapers get the classic text. */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  return /application\/openmetrics-text/i.test(accept ?? '');
}

/**
 * The registry's metrics in the format the scraper asked for. Only OpenMetrics carries
 * exemplars (the trace id of a sampled request on the latency histograms), so a scraper that
 * accepts it gets it; everyone else keeps the Prometheus text format the registry is made for.
 *
 * prom-client renders OpenMetrics by switching the registry's content type, and renames its
 * counters (drops `_total`) while doing so. Renders of one registry therefore run one at a
 * time, and the names and content type are put back after each OpenMetrics render.
 */
export function renderMetrics(registry: Registry, accept: string | undefined): Promise<Exposition> {
  const render = async (): Promise<Exposition> => {
    if (!wantsOpenMetrics(accept)) return { contentType: registry.contentType, body: await registry.metrics() };
    const metrics = registry.getMetricsAsArray() as unknown as { name: string }[];
    const names = metrics.map((metric) => metric.name);
    const original = registry.contentType;
    const switchable = registry as unknown as { setContentType(type: string): void };
    switchable.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    try {
      return { contentType: Registry.OPENMETRICS_CONTENT_TYPE, body: await registry.metrics() };
    } finally {
      switchable.setContentType(original);
      metrics.forEach((metric, i) => (metric.name = names[i]));
    }
  };
  const previous = renders.get(registry) ?? Promise.resolve();
  const next = previous.then(render, render);
  renders.set(
    registry,
    next.catch(() => undefined),
  );
  return next;
}
