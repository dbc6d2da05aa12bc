import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditEvent, CloudEvent, EventSubscription } from '@causeway/contracts';
import { AllowList, createEgressGuard, type EgressGuard } from '@causeway/egress';
import type { BusMessage } from '@causeway/messaging';
import { createLogger } from '@causeway/observability';
import { ManualClock } from '@causeway/resilience';
import { eventually } from '@causeway/testing';
import type { DataSource } from 'typeorm';
import { scratchDataPlaneDatabase, type ScratchDataPlaneDatabase } from '../../testing/scratch-data-plane-database.test-support';
import { InboundEventStore } from '../inbound/inbound-event-store';
import { envelope } from '../inbound/webhook-ingest';
import { DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker';

const TENANT = '5d0c1f2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/**
 * Two data-plane replicas' delivery workers on one database (real Postgres): each subject's
 * events reach the agent in order, never two of a subject at once, each attempted as the retry
 * rule says and no more; a worker that dies mid-attempt leaves a claim another takes over once
 * it lapses, on a clock the test moves.
 */
describe('event delivery with two replicas', () => {
  let db: ScratchDataPlaneDatabase;
  let dataSource: DataSource;
  let store: InboundEventStore;
  let agent: Server;
  let agentUrl: string;
  let guard: EgressGuard;
  /** Per path: how the agent answers a request (it may hold the response). */
  const handlers = new Map<string, (event: CloudEvent, response: ServerResponse) => void>();
  const audits: AuditEvent[] = [];
  /** A response the agent holds back (the dying replica's attempt). */
  let hung: ServerResponse | undefined;

  beforeAll(async () => {
    db = await scratchDataPlaneDatabase('delivery_replicas', 8);
    dataSource = db.dataSource;
    store = new InboundEventStore(dataSource);
    agent = createServer((request, response) => {
      let body = '';
      request.on('data', (c) => (body += c));
      request.on('end', () => handlers.get(request.url ?? '/')!(JSON.parse(body) as CloudEvent, response));
    });
    await new Promise<void>((r) => agent.listen(0, '127.0.0.1', r));
    agentUrl = `http://127.0.0.1:${(agent.address() as AddressInfo).port}`;
    guard = createEgressGuard({ settings: { allowPrivate: AllowList.parse('127.0.0.1/32') } });
  });

  afterAll(async () => {
    if (hung && !hung.writableEnded) hung.writeHead(503).end();
    agent?.closeAllConnections();
    await guard?.close();
    await new Promise((r) => agent?.close(r));
    await db?.close();
  }, 30_000);

  /** Each test its own event type, so one test's subscription is owed nothing of another's. */
  function subscription(path: string, type: string): EventSubscription {
    return {
      id: randomUUID(),
      tenantId: TENANT,
      types: [type],
      url: `${agentUrl}${path}`,
      redact: [],
      paused: false,
      createdAt: new Date(Date.now() - 60_000).toISOString(),
    };
  }

  function worker(owner: string, subscriptions: EventSubscription[], options: Partial<DeliveryWorkerOptions> = {}): DeliveryWorker {
    return new DeliveryWorker({
      dataSource,
      guard,
      subscriptions: () => subscriptions,
      signingSecrets: async () => [SECRET],
      audit: { publish: async (messages: BusMessage[]) => void audits.push(...messages.map((m) => m.value as AuditEvent)) },
      logger: createLogger('delivery-replicas-test', 'silent'),
      owner,
      backoff: { baseMs: 20, maxMs: 40 },
      timeoutMs: 5_000,
      ...options,
    });
  }

  async function ingest(type: string, subject: string, n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const event = envelope(TENANT, 'gh-1', 'github', { deliveryId: randomUUID(), type, subject, data: { n: i } }, Date.now());
      await store.storeOnce(event);
      ids.push(event.id);
    }
    return ids;
  }

  it('delivers every event once, in order per subject, never two of a subject at once, with a slow agent', async () => {
    const subjects = ['acme/api#1', 'acme/api#2', 'acme/api#3', 'acme/web#7'];
    const sent = new Map<string, string[]>();
    for (const subject of subjects) sent.set(subject, await ingest('com.github.issues.edited', subject, 5));
    const flaky = sent.get('acme/web#7')![0];
    const received = new Map<string, string[]>();
    const inFlight = new Map<string, number>();
    let overlaps = 0;
    const requests = new Map<string, number>();
    handlers.set('/slow', (event, response) => {
      const subject = event.subject!;
      requests.set(event.id, (requests.get(event.id) ?? 0) + 1);
      inFlight.set(subject, (inFlight.get(subject) ?? 0) + 1);
      if (inFlight.get(subject)! > 1) overlaps++;
      // Slow: each answer takes 60 ms, so the two replicas' passes overlap.
      setTimeout(() => {
        inFlight.set(subject, inFlight.get(subject)! - 1);
        // The first attempt of one event fails: the retry rule makes exactly one more.
        if (event.id === flaky && requests.get(event.id) === 1) return void response.writeHead(503).end();
        received.set(subject, [...(received.get(subject) ?? []), event.id]);
        response.writeHead(204).end();
      }, 60);
    });
    const target = subscription('/slow', 'com.github.issues.edited');
    // One head at a time per worker: without claims both would pick the same head every pass.
    const replicas = [worker('replica-a', [target], { concurrency: 1 }), worker('replica-b', [target], { concurrency: 1 })];
    for (const replica of replicas) replica.start(10);
    try {
      await eventually(() => [...received.values()].flat().length >= 20 || undefined, { what: 'all 20 events delivered', timeoutMs: 30_000 });
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
    }

    for (const subject of subjects) expect(received.get(subject)).toEqual(sent.get(subject));
    expect(overlaps).toBe(0);
    const all = [...sent.values()].flat();
    for (const id of all) expect(requests.get(id)).toBe(id === flaky ? 2 : 1);
    const attempts = audits.filter((a) => a.target?.id === target.id);
    expect(attempts).toHaveLength(21);
    const rows = (await dataSource.query(`SELECT status, attempts, claimed_by FROM data_plane.event_deliveries WHERE subscription_id = $1`, [target.id])) as {
      status: string;
      attempts: number;
      claimed_by: string | null;
    }[];
    expect(rows.map((r) => r.status)).toEqual(Array(20).fill('delivered'));
    expect(rows.filter((r) => r.claimed_by !== null)).toEqual([]);
  }, 60_000);

  it("takes over a dead worker's subject once its claim lapses on the clock, not before", async () => {
    const clock = new ManualClock(Date.now());
    const [first, second] = await ingest('com.github.issues.closed', 'acme/api#99', 2);
    const received: string[] = [];
    handlers.set('/hangs-once', (event, response) => {
      // The first replica's attempt never comes back: as if it died mid-attempt.
      if (!hung) return void (hung = response);
      received.push(event.id);
      response.writeHead(204).end();
    });
    const target = subscription('/hangs-once', 'com.github.issues.closed');
    const dying = worker('replica-dying', [target], { now: () => clock.now(), claimMs: 60_000, timeoutMs: 30_000 });
    const survivor = worker('replica-survivor', [target], { now: () => clock.now(), claimMs: 60_000 });

    const stuck = dying.tick();
    await eventually(() => hung, { what: "the dying replica's attempt in flight" });
    expect(await survivor.tick()).toBe(0);
    clock.advance(59_999);
    expect(await survivor.tick()).toBe(0);
    expect(received).toEqual([]);
    clock.advance(1);
    // The head, then at once the subject's next event (the tick's next pass), in order.
    expect(await survivor.tick()).toBe(2);
    expect(received).toEqual([first, second]);

    // The dead replica's attempt returns at last: its claim is gone, so it changes nothing.
    hung!.writeHead(204).end();
    await stuck;
    const rows = (await dataSource.query(
      `SELECT event_id, status, attempts, claimed_by FROM data_plane.event_deliveries WHERE subscription_id = $1 ORDER BY event_seq`,
      [target.id],
    )) as { event_id: string; status: string; attempts: number; claimed_by: string | null }[];
    expect(rows).toEqual([
      { event_id: first, status: 'delivered', attempts: 1, claimed_by: null },
      { event_id: second, status: 'delivered', attempts: 1, claimed_by: null },
    ]);
  }, 60_000);
});
