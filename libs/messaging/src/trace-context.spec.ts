import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { inSpan, startTracing } from '@causeway/observability';
import type { BusMessage } from './event-bus';
import { sendTraced, startConsumerSpan, withTraceContext } from './trace-context';

const exporter = new InMemorySpanExporter();
startTracing('causeway-test', {
  env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.invalid:4318' },
  createExporter: () => exporter,
  createProcessor: (e) => new SimpleSpanProcessor(e),
});

const event: BusMessage = { topic: 'causeway.audit.v1', key: 'tenant-1', value: { id: 'e1', secret: 'VALUESECRET' } };

describe('trace context across the bus', () => {
  beforeEach(() => exporter.reset());

  it('keeps the call that made an event as the parent of its producer span, however late the spool sends it', async () => {
    // The spool takes the event inside the call...
    const spooled = await inSpan('test', 'call', undefined, async () => withTraceContext(event));
    const call = exporter.getFinishedSpans().find((s) => s.name === 'call')!;
    expect(spooled.headers?.traceparent).toContain(call.spanContext().spanId);

    // ...and forwards it later, outside any span.
    const sent: BusMessage[] = [];
    await sendTraced([spooled], async (messages) => void sent.push(...messages));
    const producer = exporter.getFinishedSpans().find((s) => s.name === 'causeway.audit.v1 publish')!;
    expect(producer.spanContext().traceId).toBe(call.spanContext().traceId);
    expect(producer.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
    expect(producer.attributes).toEqual({ 'messaging.system': 'kafka', 'messaging.destination.name': 'causeway.audit.v1', 'messaging.operation.type': 'send' });
    expect(sent[0].headers?.traceparent).toBe(`00-${producer.spanContext().traceId}-${producer.spanContext().spanId}-01`);

    // The consumer continues from the headers it received.
    const consumer = startConsumerSpan('audit', {
      topic: event.topic,
      partition: 0,
      offset: '7',
      key: event.key,
      value: JSON.stringify(event.value),
      headers: sent[0].headers!,
    })!;
    consumer.end();
    const received = exporter.getFinishedSpans().find((s) => s.name === 'causeway.audit.v1 process')!;
    expect(received.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(JSON.stringify(exporter.getFinishedSpans().map((s) => [s.name, s.attributes]))).not.toMatch(/VALUESECRET|tenant-1/);
  });

  it('marks the producer spans failed when the send fails, and lets the error through', async () => {
    await expect(sendTraced([event], async () => Promise.reject(new Error('broker down')))).rejects.toThrow('broker down');
    expect(exporter.getFinishedSpans()[0].status).toEqual({ code: 2, message: 'Error' });
  });

  it('leaves a message that already carries a trace context as it is', () => {
    const carried = { ...event, headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } };
    expect(withTraceContext(carried)).toBe(carried);
  });
});
