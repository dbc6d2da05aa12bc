import { SpanKind, failSpan, injectTraceContext, setSpanAttributes, startSpan, tracingEnabled, withSpan } from '@causeway/observability';
import type { EgressGuard } from './guard';

/**
 * A client span around every outbound request, and its W3C `traceparent` on the request, so
 * the upstream (or a proxy in between) can join the trace. Attributes: method and status only;
 * the URL (query values), headers and bodies stay out of the span.
 */
export function tracedFetch(fetch: EgressGuard['fetch']): EgressGuard['fetch'] {
  return async (url, init, policy) => {
    if (!tracingEnabled()) return fetch(url, init, policy);
    const method = (init.method ?? 'GET').toUpperCase();
    const span = startSpan('egress', method, { kind: SpanKind.CLIENT, attributes: { 'http.request.method': method } });
    try {
      const headers = withSpan(span, () => injectTraceContext({}));
      const response = await withSpan(span, () => fetch(url, { ...init, headers: { ...init.headers, ...headers } }, policy));
      setSpanAttributes(span, { 'http.response.status_code': response.status });
      return response;
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      span.end();
    }
  };
}
