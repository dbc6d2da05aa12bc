import {
  context,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import { safeSpanAttributes, type SpanAttributes } from './span-attributes';
import { tracerFor, tracingEnabled } from './tracing-setup';

export { SpanKind } from '@opentelemetry/api';
export type { Context, Span } from '@opentelemetry/api';

type Carrier = Record<string, string | string[] | undefined>;

const getter: TextMapGetter<Carrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key] ?? carrier[key.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  },
};

const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: SpanAttributes;
  /** Parent context; defaults to the active one. */
  parent?: Context;
}

/** Starts a span whose attributes pass the policy (`SPAN_ATTRIBUTE_KEYS`); the caller ends it. */
export function startSpan(component: string, name: string, options: SpanOptions = {}): Span {
  return tracerFor(component).startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: safeSpanAttributes(options.attributes) },
    options.parent ?? context.active(),
  );
}

/** Adds allowed attributes to a span (after the fact: a route's tool and tenant, a response status). */
export function setSpanAttributes(span: Span | undefined, attributes: SpanAttributes): void {
  if (span?.isRecording()) span.setAttributes(safeSpanAttributes(attributes));
}

/** Adds allowed attributes to the active span, if any (a pipeline naming the tool it called). */
export function annotateActiveSpan(attributes: SpanAttributes): void {
  setSpanAttributes(trace.getActiveSpan(), attributes);
}

/**
 * Marks a span failed with the error's class name only: messages and stacks can carry hosts,
 * ids or a value a caller typed, so they stay in the logs, where redaction applies.
 */
export function failSpan(span: Span, error: unknown): void {
  const type = error instanceof Error ? error.constructor.name : typeof error;
  span.setAttributes(safeSpanAttributes({ 'error.type': type }));
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/**
 * Runs `fn` in a child span of the active one and ends it when `fn` settles; a rejection marks
 * it failed. When tracing is off this is just `fn()`.
 */
export function inSpan<T>(component: string, name: string, attributes: SpanAttributes | undefined, fn: (span: Span) => Promise<T>): Promise<T> {
  // Not an async function, so the off path adds no promise of its own.
  return tracingEnabled() ? inRecordedSpan(component, name, attributes, fn) : fn(NO_SPAN);
}

async function inRecordedSpan<T>(component: string, name: string, attributes: SpanAttributes | undefined, fn: (span: Span) => Promise<T>): Promise<T> {
  const span = startSpan(component, name, { attributes });
  try {
    return await context.with(trace.setSpan(context.active(), span), () => fn(span));
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Marks a span failed without an error object (a 5xx answer). */
export function markSpanFailed(span: Span): void {
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * The exemplar labels of an observation made under `span`: its trace id when the trace is
 * sampled (an exemplar pointing at a trace nobody kept leads nowhere), else none.
 */
export function exemplarOf(span: Span | undefined): Record<string, string> {
  if (!span) return NO_EXEMPLAR;
  const ids = span.spanContext();
  return isSpanContextValid(ids) && (ids.traceFlags & TraceFlags.SAMPLED) !== 0 ? { trace_id: ids.traceId } : NO_EXEMPLAR;
}

/** Shared and frozen: the untraced path allocates nothing for its exemplar. */
const NO_EXEMPLAR: Record<string, string> = Object.freeze({});

/** The exemplar labels for an observation made now, under the active span. */
export function activeExemplar(): Record<string, string> {
  return tracingEnabled() ? exemplarOf(trace.getActiveSpan()) : NO_EXEMPLAR;
}

/** Runs `fn` with `span` as the active span. */
export function withSpan<T>(span: Span, fn: () => T, parent: Context = context.active()): T {
  return context.with(trace.setSpan(parent, span), fn);
}

/** The W3C trace context of `headers` (`traceparent`, `tracestate`), or the root context. */
export function extractTraceContext(headers: Carrier): Context {
  return propagation.extract(ROOT_CONTEXT, headers, getter);
}

/** Writes `traceparent` (and `tracestate`) of `ctx` into `headers`; nothing when tracing is off. */
export function injectTraceContext(headers: Record<string, string>, ctx: Context = context.active()): Record<string, string> {
  propagation.inject(ctx, headers);
  return headers;
}

/** Trace and span id of the active span, for log lines and exemplars; undefined when there is none. */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  if (!tracingEnabled()) return undefined;
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const ids = span.spanContext();
  return isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : undefined;
}
