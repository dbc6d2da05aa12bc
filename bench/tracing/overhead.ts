/**
 * What tracing costs on the request path, off (OTEL_* unset, the default) and on.
 * `node -r @swc-node/register bench/tracing/overhead.ts`
 *
 * 1. Per request: a Fastify route through the platform's instrumentation (correlation id,
 *    latency histogram, server span) whose handler runs one stage span and logs one line, driven
 *    by `inject` (no sockets, so the instrumentation is a visible share). Three settings, in this
 *    order (tracing cannot be turned off once on): a bare Fastify, the instrumented one with
 *    tracing off, and with tracing on (every span sampled, batched, exported to a sink that drops them).
 * 2. Per call of the helpers the hot path runs when off: `inSpan`, the logger mixin's
 *    `activeTraceIds`, the spool's `withTraceContext`.
 *
 * Prints one JSON line: BENCH_JSON {...}.
 */
import { Writable } from 'node:stream';
import { ExportResultCode } from '@opentelemetry/core';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import Fastify from 'fastify';
import { withTraceContext } from '@causeway/messaging';
import { activeTraceIds, createLogger, createServiceRegistry, inSpan, instrumentFastify, startTracing } from '@causeway/observability';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const CALLS = 1_000_000;

async function perRequestMicros(instrumented: boolean): Promise<{ meanUs: number; p50Us: number; p99Us: number }> {
  const logger = createLogger('bench', 'info', new Writable({ write: (_chunk, _enc, done) => done() }));
  const app = Fastify();
  if (instrumented) instrumentFastify(app, createServiceRegistry('bench'));
  app.post('/v1/actions/:tool', async () => {
    await inSpan('bench', 'upstream call', { 'causeway.provider': 'bench' }, async () => logger.info('called'));
    return { ok: true };
  });
  await app.ready();
  const send = () => app.inject({ method: 'POST', url: '/v1/actions/bench.tool', payload: { input: {} } });
  for (let i = 0; i < 2000; i++) await send();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = process.hrtime.bigint();
    await send();
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  await app.close();
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    meanUs: round(times.reduce((a, b) => a + b, 0) / times.length),
    p50Us: round(times[Math.floor(times.length / 2)]),
    p99Us: round(times[Math.floor(times.length * 0.99)]),
  };
}

/** Mean ns per call; `fn` returning a promise is awaited (compare with `baselineAwaitNs`). */
async function perCallNanos(fn: () => unknown, awaited = false): Promise<number> {
  let sink: unknown;
  for (let i = 0; i < 10_000; i++) sink = awaited ? await fn() : fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) sink = awaited ? await fn() : fn();
  void sink;
  return Math.round((Number(process.hrtime.bigint() - start) / CALLS) * 10) / 10;
}

async function main() {
  const message = { topic: 'causeway.audit.v1', key: 't1', value: { id: 'e1' } };
  const noop = async () => undefined;
  const off = {
    baselineAwaitNs: await perCallNanos(noop, true),
    inSpanNs: await perCallNanos(() => inSpan('bench', 'stage', undefined, noop), true),
    activeTraceIdsNs: await perCallNanos(activeTraceIds),
    withTraceContextNs: await perCallNanos(() => withTraceContext(message)),
  };
  const bare = await perRequestMicros(false);
  const tracingOff = await perRequestMicros(true);
  const started = startTracing('bench', {
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' },
    createExporter: () => ({ export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }), shutdown: async () => undefined }),
    createProcessor: (exporter) => new BatchSpanProcessor(exporter),
  });
  const tracingOn = await perRequestMicros(true);
  await started.shutdown();
  process.stdout.write(
    `BENCH_JSON ${JSON.stringify({ node: process.version, requests: REQUESTS, perRequest: { bare, tracingOff, tracingOn }, helpersWhenOff: off })}\n`,
  );
}

void main();
