import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { inSpan, startTracing } from '@causeway/observability';
import { AllowList } from './allow-list';
import { guardFactory, LOOPBACK_ONLY, startUpstream, type LocalUpstream } from './testing/local-upstream.test-support';

const exporter = new InMemorySpanExporter();
startTracing('causeway-test', {
  env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.invalid:4318' },
  createExporter: () => exporter,
  createProcessor: (e) => new SimpleSpanProcessor(e),
});

describe('outbound requests under a trace', () => {
  const guards = guardFactory();
  let upstream: LocalUpstream;

  beforeAll(async () => {
    upstream = await startUpstream((_req, res) => {
      res.statusCode = 201;
      res.end('ok');
    });
  });
  afterAll(async () => {
    await guards.closeAll();
    await upstream.close();
  });

  it('carry a client span, child of the caller, whose traceparent the upstream receives; no URL, header or body in it', async () => {
    const guard = guards.make({ settings: { allowPrivate: AllowList.parse(LOOPBACK_ONLY), plainHttp: 'allowed_private' } });
    await inSpan('test', 'upstream call', undefined, () =>
      guard.fetch(
        `http://127.0.0.1:${upstream.port}/api/chat.postMessage?token=QUERYSECRET`,
        { method: 'POST', headers: { authorization: 'Bearer xoxb-SECRET' }, body: '{"text":"BODYSECRET"}' },
        { declaredHosts: ['127.0.0.1'] },
      ),
    );
    const parent = exporter.getFinishedSpans().find((s) => s.name === 'upstream call')!;
    const client = exporter.getFinishedSpans().find((s) => s.name === 'POST')!;
    expect(client.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(client.attributes).toEqual({ 'http.request.method': 'POST', 'http.response.status_code': 201 });
    expect(upstream.seen[0].headers.traceparent).toBe(`00-${client.spanContext().traceId}-${client.spanContext().spanId}-01`);
    expect(JSON.stringify([client.name, client.attributes, client.events])).not.toMatch(/SECRET/);
  });
});
