import { Writable } from 'node:stream';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import Fastify, { type FastifyInstance } from 'fastify';
import { Counter } from 'prom-client';
import { instrumentFastify } from '../http-instrumentation';
import { createLogger } from '../logger';
import { createServiceRegistry } from '../metrics';
import { renderMetrics } from '../metrics-exposition';
import { SPAN_ATTRIBUTE_KEYS, type SpanAttributes } from './span-attributes';
import { annotateActiveSpan, inSpan, setSpanAttributes } from './spans';
import { startTracing } from './tracing-setup';
import { trace } from '@opentelemetry/api';

const exporter = new InMemorySpanExporter();
startTracing('causeway-test', {
  env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.invalid:4318' },
  createExporter: () => exporter,
  createProcessor: (e) => new SimpleSpanProcessor(e),
});

const SECRETS = {
  apiKey: 'cw_live_KEYSECRET0123456789',
  headerKey: 'hk_HEADERSECRET',
  query: 'QUERYSECRETvalue',
  body: 'BODYSECRETvalue',
};
const INBOUND_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const INBOUND_SPAN = '00f067aa0ba902b7';

describe('a traced HTTP request', () => {
  const lines: string[] = [];
  const logger = createLogger('test', 'info', new Writable({ write: (chunk, _enc, done) => done(void lines.push(String(chunk))) }));
  const registry = createServiceRegistry('test');
  new Counter({ name: 'causeway_test_things_total', help: 'a counter', registers: [registry] }).inc();
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    instrumentFastify(app, registry);
    app.post('/v1/actions/:tool', async (request) => {
      annotateActiveSpan({ 'causeway.tool': (request.params as { tool: string }).tool, 'causeway.tenant_id': 'tenant-1' });
      // A key outside the policy, as a careless caller might add, is dropped, not sent.
      annotateActiveSpan({ 'http.request.header.authorization': String(request.headers.authorization) } as unknown as SpanAttributes);
      await inSpan('test', 'upstream call', { 'causeway.provider': 'slack' }, async (span) => {
        setSpanAttributes(span, { 'url.full': `https://slack.com/api?token=${SECRETS.query}` } as unknown as SpanAttributes);
        logger.info('calling upstream');
      });
      return { ok: true };
    });
    app.get('/healthz', async () => ({ status: 'ok' }));
    await app.ready();
  });

  afterAll(() => app.close());
  beforeEach(() => exporter.reset());

  async function call() {
    return app.inject({
      method: 'POST',
      url: `/v1/actions/slack.post_message?token=${SECRETS.query}`,
      headers: {
        authorization: `Bearer ${SECRETS.apiKey}`,
        'x-api-key': SECRETS.headerKey,
        traceparent: `00-${INBOUND_TRACE}-${INBOUND_SPAN}-01`,
        'content-type': 'application/json',
      },
      payload: { input: { password: SECRETS.body } },
    });
  }

  it("continues the agent's trace: a server span named by the route template, its stage spans as children", async () => {
    expect((await call()).statusCode).toBe(200);
    const spans = exporter.getFinishedSpans();
    const server = spans.find((s) => s.name === 'POST /v1/actions/:tool')!;
    const upstream = spans.find((s) => s.name === 'upstream call')!;
    expect(server.spanContext().traceId).toBe(INBOUND_TRACE);
    expect(server.parentSpanContext?.spanId).toBe(INBOUND_SPAN);
    expect(upstream.spanContext().traceId).toBe(INBOUND_TRACE);
    expect(upstream.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(server.attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/v1/actions/:tool',
      'http.response.status_code': 200,
      'causeway.tool': 'slack.post_message',
      'causeway.tenant_id': 'tenant-1',
    });
  });

  it('puts no secret and no payload in any span: not the Authorization header, an API key, query values or the body', async () => {
    await call();
    const spans = exporter.getFinishedSpans();
    expect(spans.length).toBe(2);
    for (const span of spans) {
      expect(Object.keys(span.attributes).every((key) => (SPAN_ATTRIBUTE_KEYS as readonly string[]).includes(key))).toBe(true);
      const exported = JSON.stringify({ name: span.name, attributes: span.attributes, events: span.events, links: span.links, status: span.status });
      for (const secret of Object.values(SECRETS)) expect(exported).not.toContain(secret);
    }
  });

  it('writes the trace and span id on every log line made under a span', async () => {
    lines.length = 0;
    await call();
    const upstream = exporter.getFinishedSpans().find((s) => s.name === 'upstream call')!;
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'calling upstream', trace_id: INBOUND_TRACE, span_id: upstream.spanContext().spanId });
  });

  it('leaves probes untraced', async () => {
    await app.inject({ method: 'GET', url: '/healthz' });
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('puts the trace id on the latency histogram as an exemplar, shown to an OpenMetrics scraper only', async () => {
    await call();
    const open = await renderMetrics(registry, 'application/openmetrics-text; version=1.0.0,text/plain;q=0.5');
    expect(open.contentType).toMatch(/^application\/openmetrics-text/);
    expect(open.body).toMatch(
      new RegExp(`causeway_http_request_duration_seconds_bucket\\{[^}]*route="/v1/actions/:tool"[^}]*\\} \\d+ # \\{trace_id="${INBOUND_TRACE}"\\}`),
    );
    const classic = await renderMetrics(registry, 'text/plain');
    expect(classic.contentType).toMatch(/^text\/plain/);
    expect(classic.body).not.toContain('trace_id');
    // prom-client renames counters while rendering OpenMetrics; the classic text keeps its names.
    expect(classic.body).toContain('# TYPE causeway_test_things_total counter');
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
