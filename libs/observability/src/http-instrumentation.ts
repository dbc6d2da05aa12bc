import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { CORRELATION_HEADER, correlationIdFrom, runWithContext } from './correlation';
import { httpDurationHistogram, statusClass } from './metrics';

/**
 * Correlation id and request-duration histogram for every request of a Fastify instance.
 * The route label is the route *template* (`/v1/actions/:tool`), never the raw URL, so its
 * cardinality is bounded by the code, not by callers.
 */
export function instrumentFastify(fastify: FastifyInstance, registry: Registry): void {
  const duration = httpDurationHistogram(registry);
  const started = new WeakMap<object, bigint>();

  fastify.addHook('onRequest', (request, reply, done) => {
    started.set(request, process.hrtime.bigint());
    const correlationId = correlationIdFrom(request.headers[CORRELATION_HEADER]);
    reply.header(CORRELATION_HEADER, correlationId);
    runWithContext({ correlationId }, done);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const start = started.get(request);
    if (start !== undefined) {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      duration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status_class: statusClass(reply.statusCode),
        },
        seconds,
      );
    }
    done();
  });
}
