import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { createLogger } from '../logger';
import { inSpan, startSpan } from './spans';
import { startTracing, tracingDecision, tracingEnabled } from './tracing-setup';

describe('tracing with OTEL_* unset', () => {
  it('creates no exporter and registers no provider', () => {
    const createExporter = jest.fn();
    const tracing = startTracing('causeway-test', { env: {}, createExporter });
    expect(tracing.enabled).toBe(false);
    expect(tracingEnabled()).toBe(false);
    expect(createExporter).not.toHaveBeenCalled();
    // The API's no-op: spans record nothing and carry no ids.
    const span = startSpan('test', 'work');
    expect(span.isRecording()).toBe(false);
    expect(trace.getTracerProvider().getTracer('x').startSpan('y').spanContext().traceId).toBe('00000000000000000000000000000000');
  });

  it('runs traced work as plain calls and writes log lines without trace ids', async () => {
    const lines: string[] = [];
    const logger = createLogger('test', 'info', new Writable({ write: (chunk, _enc, done) => done(void lines.push(String(chunk))) }));
    await inSpan('test', 'work', undefined, async () => logger.info('inside'));
    expect(JSON.parse(lines[0])).not.toHaveProperty('trace_id');
  });

  it('stays off when OTEL_SDK_DISABLED is true or the exporter is none, even with an endpoint', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(tracingDecision('svc', { ...endpoint, OTEL_SDK_DISABLED: 'true' })).toEqual({ enabled: false, reason: 'OTEL_SDK_DISABLED=true' });
    expect(tracingDecision('svc', { ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toMatchObject({ enabled: false });
    expect(tracingDecision('svc', {})).toMatchObject({ enabled: false });
  });

  it('turns on with either endpoint variable, named by OTEL_SERVICE_NAME when set', () => {
    expect(tracingDecision('svc', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({ enabled: true, serviceName: 'svc' });
    expect(tracingDecision('svc', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces', OTEL_SERVICE_NAME: 'dp-eu' })).toEqual({
      enabled: true,
      serviceName: 'dp-eu',
    });
  });
});
