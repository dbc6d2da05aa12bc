import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSlackSimulator } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { PlatformHarness } from '../support/platform-harness';
import { startSeparateServices, type SeparateServices } from '../support/separate-services';

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/**
 * OpenTelemetry across the production topology: the three services as separate processes on
 * Postgres and Kafka, exporting OTLP/HTTP JSON to an in-process receiver. One agent call is one
 * trace, from the agent's own `traceparent` through the data plane's server span, its upstream
 * call, the Kafka producer span of its audit event, to the audit service's ingest of it.
 */
describe('traces across the services', () => {
  let receiver: OtlpReceiver;
  let running: SeparateServices;
  let slack: Awaited<ReturnType<typeof startSlackSimulator>>;
  // Drives the control plane process over GraphQL, as an admin would; not started itself.
  const admin = new PlatformHarness();
  let key: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    slack = await startSlackSimulator();
    running = await startSeparateServices('traces', {
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        CAUSEWAY_BOOTSTRAP_ADMIN_EMAIL: admin.operator.email,
        CAUSEWAY_BOOTSTRAP_ADMIN_PASSWORD: admin.operator.password,
        CAUSEWAY_ALLOW_UPSTREAM_OVERRIDES: 'true',
        // The simulator listens on loopback over plain HTTP.
        EGRESS_ALLOW_PRIVATE: '127.0.0.1/32,::1/128',
        EGRESS_PLAIN_HTTP: 'allowed_private',
        // The control plane stores the connection's tokens, the data plane reads them: one store
        // for both, as a shared Vault would be in production.
        CAUSEWAY_SECRETS_DIR: mkdtempSync(join(tmpdir(), 'causeway-traces-secrets-')),
        CAUSEWAY_MASTER_KEY: randomBytes(32).toString('base64'),
      },
    });
    admin.url = running.urls['control-plane'];
    const tenant = await admin.tenantWithOwner(`traces${randomBytes(3).toString('hex')}`);
    await admin.connectViaOAuth(
      tenant.token,
      'slack',
      { authorizeUrl: `${slack.url}/oauth/v2/authorize`, tokenUrl: `${slack.url}/api/oauth.v2.access` },
      { default: `${slack.url}/api` },
      ['chat:write'],
    );
    const created = await admin.ok<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "agent", scopes: ["call:Tool", "read:Tool"] }) { secret } }',
      {},
      tenant.token,
    );
    key = created.createApiKey.secret;
    await eventually(
      async () => {
        const tools = await fetch(`${running.urls['data-plane']}/v1/tools`, { headers: { authorization: `Bearer ${key}` } });
        return tools.status === 200 && JSON.stringify(await tools.json()).includes('slack.post_message') ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'the key and the connection in the data plane' },
    );
  }, 180_000);

  afterAll(async () => {
    await running?.stop('SIGTERM');
    await slack?.stop();
    await receiver?.close();
  }, 60_000);

  it('shows one agent call as one trace: server span, upstream call, Kafka producer and audit ingest, each parented correctly', async () => {
    const agentTrace = randomBytes(16).toString('hex');
    const agentSpan = randomBytes(8).toString('hex');
    const response = await fetch(`${running.urls['data-plane']}/v1/actions/slack.post_message`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', traceparent: `00-${agentTrace}-${agentSpan}-01` },
      body: JSON.stringify({ input: { channel: 'C0GENERAL01', text: 'traced hello' } }),
    });
    expect(`${response.status} ${await response.text()}`).toMatch(/^200 /);

    const spans = await eventually(
      () => {
        const inTrace = receiver.spans.filter((s) => s.traceId === agentTrace);
        return inTrace.some((s) => s.service === 'causeway-audit' && s.kind === CONSUMER) ? inTrace : undefined;
      },
      { timeoutMs: 30_000, what: 'the audit ingest span in the trace' },
    );
    const one = (predicate: (s: ReceivedSpan) => boolean, what: string) => {
      const found = spans.filter(predicate);
      if (found.length !== 1) throw new Error(`expected one ${what}, got ${found.length}: ${JSON.stringify(spans.map((s) => [s.service, s.name, s.kind]))}`);
      return found[0];
    };
    const server = one((s) => s.service === 'causeway-data-plane' && s.kind === SERVER, 'data-plane server span');
    const upstream = one((s) => s.service === 'causeway-data-plane' && s.name === 'upstream call', 'upstream-call span');
    const egress = one((s) => s.service === 'causeway-data-plane' && s.kind === CLIENT, 'egress client span');
    const producer = one((s) => s.service === 'causeway-data-plane' && s.kind === PRODUCER, 'Kafka producer span');
    const ingest = one((s) => s.service === 'causeway-audit' && s.kind === CONSUMER, 'audit ingest span');

    expect(server).toMatchObject({ name: 'POST /v1/actions/:tool', parentSpanId: agentSpan });
    expect(server.attributes).toMatchObject({
      'http.route': '/v1/actions/:tool',
      'http.response.status_code': 200,
      'causeway.tool': 'slack.post_message',
      'causeway.provider': 'slack',
    });
    expect(upstream.parentSpanId).toBe(server.spanId);
    expect(egress.parentSpanId).toBe(upstream.spanId);
    expect(producer).toMatchObject({ name: 'causeway.audit.v1 publish', parentSpanId: server.spanId });
    expect(ingest).toMatchObject({ name: 'audit ingest', parentSpanId: producer.spanId });
    expect(ingest.attributes).toMatchObject({
      'messaging.destination.name': 'causeway.audit.v1',
      'causeway.tenant_id': server.attributes['causeway.tenant_id'],
    });

    // Nothing the agent sent, and no key, travels in any span of the trace.
    const exported = JSON.stringify(spans);
    expect(exported).not.toContain(key);
    expect(exported).not.toContain('traced hello');

    // The latency histograms point at the trace, for a scraper that reads OpenMetrics.
    const metrics = await (await fetch(`${running.urls['data-plane']}/metrics`, { headers: { accept: 'application/openmetrics-text; version=1.0.0' } })).text();
    expect(metrics).toMatch(
      new RegExp(`causeway_http_request_duration_seconds_bucket\\{[^}]*route="/v1/actions/:tool"[^}]*\\} \\d+ # \\{trace_id="${agentTrace}"\\}`),
    );
    expect(metrics).toMatch(
      new RegExp(`causeway_connector_upstream_duration_seconds_bucket\\{[^}]*connector="slack"[^}]*\\} \\d+ # \\{trace_id="${agentTrace}"\\}`),
    );
  }, 60_000);

  it("traces the control plane's GraphQL: a span per operation, a child span per root resolver", async () => {
    const spans = await eventually(
      () => {
        const found = receiver.spans.filter((s) => s.service === 'causeway-control-plane' && s.attributes['graphql.field.path'] === 'Mutation.createApiKey');
        return found.length ? found : undefined;
      },
      { timeoutMs: 15_000, what: 'the createApiKey resolver span' },
    );
    const operation = receiver.spans.find((s) => s.spanId === spans[0].parentSpanId)!;
    expect(operation).toMatchObject({ name: 'graphql mutation', attributes: { 'graphql.operation.type': 'mutation' } });
    const server = receiver.spans.find((s) => s.spanId === operation.parentSpanId)!;
    expect(server).toMatchObject({ name: 'POST /graphql', kind: SERVER, traceId: operation.traceId });
  });
});
