import 'reflect-metadata';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { webhookSecretPath, type AuditEvent, type CloudEvent, type EventSubscription } from '@causeway/contracts';
import { AllowList, createEgressGuard, type EgressGuard } from '@causeway/egress';
import { InProcessEventBus, type BusMessage } from '@causeway/messaging';
import { createLogger } from '@causeway/observability';
import { githubWebhook, ManualClock, sendVendorWebhook } from '@causeway/simulators';
import type { DataSource } from 'typeorm';
import { createDataPlaneDataSource } from '../../database/data-source';
import { scratchDataPlaneDatabase, type ScratchDataPlaneDatabase } from '../../testing/scratch-data-plane-database.test-support';
import { startEvents, type RunningEvents } from '../events';
import { registerWebhookRoute } from '../inbound/webhook.route';
import { staticSecretStore } from '../testing/static-secret-store';
import { DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker';

const TENANT = '0b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OLD_SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';

/** The Standard Webhooks verification as its reference libraries do it, written out here so the test does not trust the signer under test. */
function verifies(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`)
    .digest();
  return String(headers['webhook-signature'])
    .split(' ')
    .some((candidate) => {
      const [version, signature] = candidate.split(',');
      const given = Buffer.from(signature ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  event: CloudEvent;
}

/**
 * Delivery to agents against real Postgres: events arrive as the GitHub simulator signs them,
 * are stored by the ingest, and go out to a local agent endpoint through the egress guard,
 * on a controlled clock so a 60-second outage takes no real minute.
 */
describe('event delivery to subscriptions', () => {
  let db: ScratchDataPlaneDatabase;
  let dataSource: DataSource;
  let events: RunningEvents;
  let http: FastifyInstance;
  let base: string;
  let agent: Server;
  let agentUrl: string;
  let guard: EgressGuard;
  const clock = new ManualClock(Date.now());
  const received: Received[] = [];
  /** Paths answering 503 until the clock reaches the value, or forever (Infinity). */
  const outages = new Map<string, number>();
  let requests = 0;
  const audits: AuditEvent[] = [];

  beforeAll(async () => {
    db = await scratchDataPlaneDatabase('delivery', 4);
    dataSource = db.dataSource;
    await startIngest();
    agent = createServer((request, response) => {
      let body = '';
      request.on('data', (c) => (body += c));
      request.on('end', () => {
        requests++;
        const path = request.url ?? '/';
        if (clock.now() < (outages.get(path) ?? 0)) return void response.writeHead(503).end();
        received.push({ path, headers: request.headers, body, event: JSON.parse(body) as CloudEvent });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => agent.listen(0, '127.0.0.1', r));
    agentUrl = `http://127.0.0.1:${(agent.address() as AddressInfo).port}`;
    // Only the agent's loopback address is allowed; 127.0.0.2 stands for any private address.
    guard = createEgressGuard({ settings: { allowPrivate: AllowList.parse('127.0.0.1/32') } });
  });

  afterAll(async () => {
    await guard?.close();
    await new Promise((r) => agent?.close(r));
    await http?.close();
    await events?.close();
    // The restart test replaces the pool: destroy the current one (close() skips a destroyed one).
    await dataSource?.destroy();
    await db?.close();
  });

  /** The ingest as the data plane runs it: webhook route → verified and stored in `inbound_events`. */
  async function startIngest(): Promise<void> {
    events = startEvents({
      dataSource,
      bus: new InProcessEventBus(),
      secretStore: staticSecretStore({ [webhookSecretPath(TENANT, 'gh-1')]: { secret: 'gh-secret' } }),
      logger: createLogger('delivery-test', 'silent'),
      providerOf: (tenantId, connectionId) => (tenantId === TENANT && connectionId === 'gh-1' ? 'github' : undefined),
      relayPollMs: 50,
    });
    http = Fastify();
    registerWebhookRoute(http, events.ingest, () => undefined);
    base = await http.listen({ port: 0, host: '127.0.0.1' });
  }

  function subscription(path: string, extra: Partial<EventSubscription> = {}): EventSubscription {
    return {
      id: randomUUID(),
      tenantId: TENANT,
      types: ['com.github.issues.*'],
      url: `${agentUrl}${path}`,
      redact: [],
      paused: false,
      createdAt: new Date(Date.now() - 1000).toISOString(),
      ...extra,
    };
  }

  function worker(subscriptions: EventSubscription[], options: Partial<DeliveryWorkerOptions> = {}): DeliveryWorker {
    return new DeliveryWorker({
      dataSource,
      guard,
      subscriptions: () => subscriptions,
      signingSecrets: async () => [SECRET, OLD_SECRET],
      audit: { publish: async (messages: BusMessage[]) => void audits.push(...messages.map((m) => m.value as AuditEvent)) },
      logger: createLogger('delivery-test', 'silent'),
      now: () => clock.now(),
      backoff: { baseMs: 1000, maxMs: 30_000 },
      timeoutMs: 5000,
      ...options,
    });
  }

  async function issueEvent(repo: string, number: number, n: number, extra: Record<string, unknown> = {}): Promise<void> {
    const hook = githubWebhook('gh-secret', 'issues', { action: 'edited', issue: { number, n, ...extra }, repository: { full_name: repo } });
    expect((await sendVendorWebhook(`${base}/v1/webhooks/${TENANT}/gh-1`, hook)).statuses).toEqual([200]);
  }

  /** Runs passes while moving the clock, as the worker's timer would over `seconds` of outage and recovery. */
  async function runFor(w: DeliveryWorker, seconds: number, stepSeconds = 1): Promise<void> {
    for (let t = 0; t < seconds; t += stepSeconds) {
      await w.tick();
      clock.advance(stepSeconds * 1000);
    }
    await w.tick();
  }

  const at = (path: string) => received.filter((r) => r.path === path);
  const attemptsAudited = (subscriptionId: string) => audits.filter((a) => a.target?.id === subscriptionId);

  it('delivers every event to an agent that was down for 60 s, in order per subject, each verifiably signed and audited', async () => {
    const sub = subscription('/outage');
    outages.set('/outage', clock.now() + 60_000);
    const requestsBefore = requests;
    const w = worker([sub]);
    const subjects = [1, 2, 3];
    for (let n = 0; n < 4; n++) for (const issue of subjects) await issueEvent('acme/api', issue, n);

    await runFor(w, 55, 5);
    expect(at('/outage')).toEqual([]);
    await runFor(w, 60, 5);

    const got = at('/outage');
    expect(got).toHaveLength(12);
    for (const issue of subjects) {
      const ofSubject = got.filter((r) => r.event.subject === `acme/api#${issue}`);
      expect(ofSubject.map((r) => (r.event.data as { issue: { n: number } }).issue.n)).toEqual([0, 1, 2, 3]);
    }
    for (const r of got) {
      expect(r.headers['webhook-id']).toBe(r.event.id);
      expect(verifies(SECRET, r.headers, r.body)).toBe(true);
      // A receiver still on the previous secret during a rotation verifies too.
      expect(verifies(OLD_SECRET, r.headers, r.body)).toBe(true);
      expect(verifies('whsec_' + Buffer.from('another key').toString('base64'), r.headers, r.body)).toBe(false);
    }
    const audited = attemptsAudited(sub.id);
    expect(audited).toHaveLength(requests - requestsBefore);
    expect(audited.filter((a) => a.outcome === 'success')).toHaveLength(12);
    expect(audited.some((a) => a.outcome === 'failed' && a.upstreamStatus === 503)).toBe(true);
    for (const a of audited) {
      expect(a).toMatchObject({ action: 'event.delivery', actor: { type: 'system' }, details: { eventId: expect.any(String) } });
      expect(JSON.stringify(a)).not.toContain('"issue"');
    }
    expect(await w.deadLetters(sub.id)).toEqual([]);
  }, 60_000);

  it('removes the redacted fields before delivery and delivers only what the subscription matches', async () => {
    const sub = subscription('/redacted', { redact: ['/issue/user/email', '/issue/labels/*/secret'], subjectPrefix: 'acme/web' });
    const w = worker([sub]);
    await issueEvent('acme/web', 9, 0, { user: { login: 'octo', email: 'o@example.com' }, labels: [{ name: 'bug', secret: 's' }] });
    await issueEvent('acme/other', 9, 0);
    await runFor(w, 1);
    const got = at('/redacted');
    expect(got).toHaveLength(1);
    expect((got[0].event.data as { issue: unknown }).issue).toEqual({ number: 9, n: 0, user: { login: 'octo' }, labels: [{ name: 'bug' }] });
    expect(got[0].body).not.toContain('o@example.com');
    expect(verifies(SECRET, got[0].headers, got[0].body)).toBe(true);
  });

  it('refuses a private address at delivery: nothing is sent, the event is dead-lettered and the refusal audited', async () => {
    const port = (agent.address() as AddressInfo).port;
    const sub = subscription('/private', { url: `http://127.0.0.2:${port}/private`, subjectPrefix: 'acme/private' });
    const requestsBefore = requests;
    const w = worker([sub]);
    await issueEvent('acme/private', 1, 0);
    await runFor(w, 1);
    expect(requests).toBe(requestsBefore);
    expect(await w.deadLetters(sub.id)).toEqual([
      expect.objectContaining({ subject: 'acme/private#1', attempts: 1, lastError: expect.stringMatching(/^egress refused: /) }),
    ]);
    expect(attemptsAudited(sub.id)).toEqual([expect.objectContaining({ outcome: 'denied', details: expect.objectContaining({ result: 'dead' }) })]);
  });

  it('keeps dead letters across a restart and delivers them, in order, when replayed', async () => {
    const sub = subscription('/dead', { subjectPrefix: 'acme/dead' });
    outages.set('/dead', Infinity);
    const first = worker([sub], { maxAttempts: 3, backoff: { baseMs: 100, maxMs: 200 } });
    await issueEvent('acme/dead', 1, 0);
    await issueEvent('acme/dead', 1, 1);
    await issueEvent('acme/dead', 2, 0);
    await runFor(first, 10);
    expect((await first.deadLetters(sub.id)).map((d) => d.subject).sort()).toEqual(['acme/dead#1', 'acme/dead#1', 'acme/dead#2']);
    expect(attemptsAudited(sub.id)).toHaveLength(9);

    // A restart: the ingest, the connection pool and the worker start again over the same database.
    await http.close();
    await events.close();
    await dataSource.destroy();
    dataSource = createDataPlaneDataSource(db.url, 4);
    await dataSource.initialize();
    await startIngest();
    const second = worker([sub], { maxAttempts: 3 });
    const dead = await second.deadLetters(sub.id);
    expect(dead).toHaveLength(3);
    expect(dead.every((d) => d.lastStatus === 503 && d.attempts === 3)).toBe(true);

    outages.delete('/dead');
    expect(await second.replayDeadLetters(sub.id, [dead.find((d) => d.subject === 'acme/dead#2')!.eventId])).toBe(1);
    await runFor(second, 1);
    expect(at('/dead').map((r) => r.event.subject)).toEqual(['acme/dead#2']);
    expect(await second.replayDeadLetters(sub.id)).toBe(2);
    await runFor(second, 2);
    expect(at('/dead').map((r) => [r.event.subject, (r.event.data as { issue: { n: number } }).issue.n])).toEqual([
      ['acme/dead#2', 0],
      ['acme/dead#1', 0],
      ['acme/dead#1', 1],
    ]);
    expect(await second.deadLetters(sub.id)).toEqual([]);
  }, 30_000);

  it('owes nothing to a paused subscription until it is resumed', async () => {
    const sub = subscription('/paused', { subjectPrefix: 'acme/paused', paused: true });
    const subs = [sub];
    const w = worker(subs);
    await issueEvent('acme/paused', 1, 0);
    await runFor(w, 1);
    expect(at('/paused')).toEqual([]);
    subs[0] = { ...sub, paused: false };
    await runFor(w, 1);
    expect(at('/paused')).toHaveLength(1);
  });
});
