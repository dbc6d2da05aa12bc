import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { CORRELATION_HEADER, correlationIdFrom, runWithContext } from './correlation';
import { httpDurationHistogram, statusClass } from './metrics';
import { exemplarOf, extractTraceContext, markSpanFailed, setSpanAttributes, SpanKind, startSpan, withSpan, type Span } from './tracing/spans';
import { tracingEnabled } from './tracing/tracing-setup';

/** Probes and scrapes every few seconds would bury the traces worth reading. */
const UNTRACED_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Correlation id, request-duration histogram and, when tracing is on, a server span for every
 * request of a Fastify instance. The route label is the route *template* (`/v1/actions/:tool`),
 * never the raw URL, so its cardinality is bounded by the code, not by callers; the span is
 * named and labelled the same way. An inbound W3C `traceparent` makes the span its child.
 */
export function instrumentFastify(fastify: FastifyInstance, registry: Registry): void {
  const duration = httpDurationHistogram(registry);
  const started = new WeakMap<object, bigint>();
  const spans = new WeakMap<object, Span>();

  fastify.addHook('onRequest', (request, reply, done) => {
    started.set(request, process.hrtime.bigint());
    const correlationId = correlationIdFrom(request.headers[CORRELATION_HEADER]);
    reply.header(CORRELATION_HEADER, correlationId);
    const route = request.routeOptions.url;
    if (!tracingEnabled() || (route !== undefined && UNTRACED_ROUTES.has(route))) {
      runWithContext({ correlationId }, done);
      return;
    }
    const parent = extractTraceContext(request.headers);
    const span = startSpan('http', `${request.method} ${route ?? 'unmatched'}`, {
      kind: SpanKind.SERVER,
      parent,
      attributes: { 'http.request.method': request.method, 'http.route': route ?? 'unmatched' },
    });
    spans.set(request, span);
    runWithContext({ correlationId }, () => withSpan(span, done, parent));
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const start = started.get(request);
    if (start !== undefined) {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_class: statusClass(reply.statusCode) };
      duration.observe({ labels, value: seconds, exemplarLabels: exemplarOf(spans.get(request)) });
    }
    const span = spans.get(request);
    if (span) {
      setSpanAttributes(span, { 'http.response.status_code': reply.statusCode });
      if (reply.statusCode >= 500) markSpanFailed(span);
      span.end();
    }
    done();
  });
}
