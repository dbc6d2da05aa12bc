import 'reflect-metadata';
import Fastify, { type FastifyInstance } from 'fastify';
import { cloudEventSchema, TOPICS, webhookSecretPath } from '@causeway/contracts';
import { InProcessEventBus, type ReceivedMessage } from '@causeway/messaging';
import { Registry } from 'prom-client';
import { createLogger } from '@causeway/observability';
import { githubWebhook, ManualClock, sendVendorWebhook, slackEventCallback, slackUrlVerification, stripeWebhook } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import type { DataSource } from 'typeorm';
import { scratchDataPlaneDatabase, type ScratchDataPlaneDatabase } from '../../testing/scratch-data-plane-database.test-support';
import { startEvents, type RunningEvents } from '../events';
import { staticSecretStore } from '../testing/static-secret-store';
import { registerWebhookRoute } from './webhook.route';

const TENANT = '0b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
const OTHER_TENANT = '9b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
const CONNECTIONS: Record<string, string> = { 'gh-1': 'github', 'slack-1': 'slack', 'stripe-1': 'stripe' };
const SECRETS: Record<string, string> = { 'gh-1': 'gh-secret', 'slack-1': 'slack-signing-secret', 'stripe-1': 'whsec_new' };

function secretStore() {
  return staticSecretStore(
    Object.fromEntries(
      Object.entries(SECRETS).map(([c, secret]) => [webhookSecretPath(TENANT, c), { secret, ...(c === 'stripe-1' ? { previousSecret: 'whsec_old' } : {}) }]),
    ),
  );
}

/**
 * Inbound webhooks end to end against real Postgres: the simulators sign as the vendors do;
 * verified deliveries are stored once and published once as CloudEvents on `causeway.events.v1`;
 * forged and replayed ones are refused with nothing stored.
 */
describe('inbound webhooks', () => {
  let db: ScratchDataPlaneDatabase;
  let dataSource: DataSource;
  let events: RunningEvents;
  let http: FastifyInstance;
  let base: string;
  const bus = new InProcessEventBus();
  const published: ReceivedMessage[] = [];
  const registry = new Registry();

  beforeAll(async () => {
    db = await scratchDataPlaneDatabase('events', 4);
    dataSource = db.dataSource;
    await bus.subscribe({ groupId: 'test', topics: [TOPICS.events], fromBeginning: true, handleBatch: async (messages) => void published.push(...messages) });
    events = startEvents({
      dataSource,
      bus,
      secretStore: secretStore(),
      logger: createLogger('events-test', 'silent'),
      registry,
      providerOf: (tenantId, connectionId) => (tenantId === TENANT ? CONNECTIONS[connectionId] : undefined),
      relayPollMs: 20,
    });
    http = Fastify();
    registerWebhookRoute(http, events.ingest, () => undefined);
    base = await http.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await http?.close();
    await events?.close();
    await db?.close();
  });

  const url = (connectionId: string, tenantId = TENANT) => `${base}/v1/webhooks/${tenantId}/${connectionId}`;
  const stored = async (deliveryId: string) => (await dataSource.query(`SELECT id FROM data_plane.inbound_events WHERE delivery_id = $1`, [deliveryId])).length;
  const counted = async (provider: string, outcome: string) =>
    (await registry.getSingleMetric('causeway_events_webhooks_received_total')!.get()).values.find(
      (v) => v.labels.provider === provider && v.labels.outcome === outcome,
    )?.value ?? 0;
  const publishedFor = (deliveryId: string) => published.filter((m) => JSON.parse(m.value!).deliveryid === deliveryId);

  it('stores a signed GitHub delivery and publishes it once as a CloudEvent keyed by tenant and connection', async () => {
    const hook = githubWebhook('gh-secret', 'pull_request', { action: 'opened', pull_request: { number: 7 }, repository: { full_name: 'acme/api' } });
    const result = await sendVendorWebhook(url('gh-1'), hook);
    expect(result.statuses).toEqual([200]);
    expect(await stored(hook.deliveryId)).toBe(1);
    await eventually(() => publishedFor(hook.deliveryId).length > 0 || undefined, { what: 'the event on the bus' });
    expect(publishedFor(hook.deliveryId)).toHaveLength(1);
    const [message] = publishedFor(hook.deliveryId);
    expect(message.key).toBe(`${TENANT}:gh-1`);
    expect(cloudEventSchema.parse(JSON.parse(message.value!))).toMatchObject({
      type: 'com.github.pull_request.opened',
      subject: 'acme/api#7',
      tenantid: TENANT,
      connectionid: 'gh-1',
      provider: 'github',
    });
  });

  it('stores a duplicate delivery once and publishes it once, answering every copy 200', async () => {
    const hook = stripeWebhook(['whsec_old', 'whsec_new'], 'invoice.payment_failed', { id: 'in_1' });
    const result = await sendVendorWebhook(url('stripe-1'), hook, { duplicates: 3 });
    expect(result.statuses).toEqual([200, 200, 200, 200]);
    expect(await stored(hook.deliveryId)).toBe(1);
    expect(await counted('stripe', 'stored')).toBe(1);
    expect(await counted('stripe', 'duplicate')).toBe(3);
    await eventually(() => publishedFor(hook.deliveryId).length > 0 || undefined, { what: 'the event on the bus' });
    expect(publishedFor(hook.deliveryId)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(publishedFor(hook.deliveryId)).toHaveLength(1);
  });

  it('stores concurrent copies of one delivery once', async () => {
    const hook = githubWebhook('gh-secret', 'issues', { action: 'opened', issue: { number: 1 }, repository: { full_name: 'acme/api' } });
    const results = await Promise.all(Array.from({ length: 8 }, () => sendVendorWebhook(url('gh-1'), hook)));
    expect(results.every((r) => r.acknowledged)).toBe(true);
    expect(await stored(hook.deliveryId)).toBe(1);
  });

  it('refuses a forged signature with 401 and stores nothing', async () => {
    const hook = githubWebhook('not-the-secret', 'push', { repository: { full_name: 'acme/api' } });
    const result = await sendVendorWebhook(url('gh-1'), hook);
    expect(result.statuses).toEqual([401]);
    expect(await stored(hook.deliveryId)).toBe(0);
    expect(await counted('github', 'refused')).toBeGreaterThanOrEqual(1);
  });

  it('refuses a Slack delivery replayed after the five-minute window and stores nothing', async () => {
    const clock = new ManualClock(Date.now() - 6 * 60_000);
    const hook = slackEventCallback('slack-signing-secret', { type: 'app_mention', channel: 'C1', text: 'hi' }, { clock });
    const result = await sendVendorWebhook(url('slack-1'), hook);
    expect(result.statuses).toEqual([401]);
    expect(await stored(hook.deliveryId)).toBe(0);
  });

  it('stores a Slack retry (re-signed, X-Slack-Retry-Num) as the same event', async () => {
    const hook = slackEventCallback('slack-signing-secret', { type: 'app_mention', channel: 'C1', text: 'hi' });
    const retry = slackEventCallback('slack-signing-secret', { type: 'app_mention', channel: 'C1', text: 'hi' }, { eventId: hook.deliveryId, retryNum: 1 });
    expect((await sendVendorWebhook(url('slack-1'), hook)).statuses).toEqual([200]);
    expect((await sendVendorWebhook(url('slack-1'), retry)).statuses).toEqual([200]);
    expect(await stored(hook.deliveryId)).toBe(1);
  });

  it("answers Slack's url_verification with the challenge and stores nothing", async () => {
    const response = await fetch(url('slack-1'), { method: 'POST', ...withBody(slackUrlVerification('slack-signing-secret', 'chal-1')) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 'chal-1' });
    expect(await stored('chal-1')).toBe(0);
  });

  it("answers 404 for another tenant's connection id and for a connection without a webhook secret", async () => {
    const hook = githubWebhook('gh-secret', 'push', { repository: { full_name: 'acme/api' } });
    expect((await sendVendorWebhook(url('gh-1', OTHER_TENANT), hook)).statuses).toEqual([404]);
    expect((await sendVendorWebhook(url('nope'), hook)).statuses).toEqual([404]);
    expect(await stored(hook.deliveryId)).toBe(0);
  });
});

function withBody(hook: { body: string; headers: Record<string, string> }) {
  return { headers: hook.headers, body: hook.body };
}
