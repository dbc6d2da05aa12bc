import { trace, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

type Env = Record<string, string | undefined>;

export type TracingDecision = { enabled: true; serviceName: string } | { enabled: false; reason: string };

/**
 * Tracing is on only when an OTLP endpoint is configured, by the standard variables, and
 * `OTEL_SDK_DISABLED` is not `true`. Unset means off: no provider, no exporter, no context
 * manager, so every span call is the API's no-op.
 */
export function tracingDecision(defaultServiceName: string, env: Env = process.env): TracingDecision {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return { enabled: false, reason: 'OTEL_SDK_DISABLED=true' };
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return { enabled: false, reason: 'OTEL_TRACES_EXPORTER=none' };
  if (!env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() && !env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()) {
    return { enabled: false, reason: 'no OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' };
  }
  return { enabled: true, serviceName: env.OTEL_SERVICE_NAME?.trim() || defaultServiceName };
}

export interface Tracing {
  readonly enabled: boolean;
  /** Sends what is buffered and stops; safe to call when off or more than once. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  env?: Env;
  /** Test seam: replaces the OTLP/HTTP exporter. Called only when tracing is on. */
  createExporter?: () => SpanExporter;
  /** Test seam: replaces the batch processor around the exporter. */
  createProcessor?: (exporter: SpanExporter) => SpanProcessor;
}

/** A collector that does not answer must not hold a pod past its termination grace period. */
const SHUTDOWN_FLUSH_MS = 5000;

function withinMs(ms: number, work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms).unref()));
  return Promise.race([work.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

const OFF: Tracing = { enabled: false, shutdown: async () => undefined };
let started: Tracing | undefined;

/**
 * Starts tracing for this process, first thing in a service's main. One provider per process:
 * the embedded default runs three services in one process and the first call wins; the tracer
 * name (`causeway.data-plane`, ...) still tells the services apart.
 *
 * The exporter is OTLP over HTTP with JSON bodies, configured by the exporter's own standard
 * variables (endpoint, headers, timeout); the sampler by `OTEL_TRACES_SAMPLER`/`_ARG` (default
 * parent-based always-on); batching by `OTEL_BSP_*`.
 */
export function startTracing(defaultServiceName: string, options: TracingOptions = {}): Tracing {
  if (started) return started;
  const decision = tracingDecision(defaultServiceName, options.env ?? process.env);
  if (!decision.enabled) return (started = OFF);
  const exporter = options.createExporter ? options.createExporter() : new OTLPTraceExporter();
  const processor = options.createProcessor ? options.createProcessor(exporter) : new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({
    resource: defaultResource()
      .merge(detectResources({ detectors: [envDetector] }))
      .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: decision.serviceName })),
    spanProcessors: [processor],
  });
  // Only W3C trace context (traceparent/tracestate) crosses our boundaries; no baggage.
  provider.register({ propagator: new W3CTraceContextPropagator() });
  enabled = true;
  let stopping: Promise<void> | undefined;
  started = {
    enabled: true,
    shutdown: () => (stopping ??= withinMs(SHUTDOWN_FLUSH_MS, provider.shutdown())),
  };
  return started;
}

let enabled = false;

/** Whether spans are being recorded; hot paths skip their tracing work when not. */
export function tracingEnabled(): boolean {
  return enabled;
}

/** Flushes and stops the process's tracing, if started (the platform's shutdown calls it). */
export function shutdownTracing(): Promise<void> {
  return started?.shutdown() ?? Promise.resolve();
}

/** The tracer of one component (`data-plane`, `messaging`, ...), named `causeway.<component>`. */
export function tracerFor(component: string): Tracer {
  return trace.getTracer(`causeway.${component}`);
}
