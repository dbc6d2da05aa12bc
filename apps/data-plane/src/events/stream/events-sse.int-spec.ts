import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { cloudEventSchema } from '@causeway/contracts';
import { AppError } from '@causeway/platform';
import type { DataSource } from 'typeorm';
import { registerAgentKeyHook } from '../../agent-auth/agent-key-hook';
import type { AgentPrincipal } from '../../agent-auth/api-key-authenticator';
import { scratchDataPlaneDatabase, type ScratchDataPlaneDatabase } from '../../testing/scratch-data-plane-database.test-support';
import { InboundEventStore } from '../inbound/inbound-event-store';
import { EventFeed } from './event-feed';
import { registerEventsSseRoute } from './events-sse.route';

const TENANT = '0b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
const OTHER_TENANT = '9b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
const KEYS: Record<string, { tenantId: string; permissions: string[] }> = {
  'Bearer events-key': { tenantId: TENANT, permissions: ['read:Event'] },
  'Bearer tools-key': { tenantId: TENANT, permissions: ['call:Tool'] },
  'Bearer other-tenant': { tenantId: OTHER_TENANT, permissions: ['read:Event'] },
};

interface SseMessage {
  id: string;
  event: string;
  data: { deliveryid: string };
}

/** Reads SSE messages until `count` arrived (or `ms` passed), then disconnects. */
/**
 * Reads `count` events, or what came within `ms` (a bound on a stuck stream, far above any
 * delivery delay: a slow machine only makes the test slower). `opened` fires once the server
 * answered the request, i.e. the session's starting position is fixed.
 */
async function readEvents(url: string, authorization: string, count: number, lastEventId?: string, ms = 30_000, opened?: () => void): Promise<SseMessage[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  const messages: SseMessage[] = [];
  try {
    const response = await fetch(url, { headers: { authorization, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal: controller.signal });
    if (response.status !== 200) throw new Error(`status ${response.status}`);
    opened?.();
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((l) => !l.startsWith(':') && l.includes(': '))
            .map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
        );
        if (fields.id) messages.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
      }
      if (messages.length >= count) break;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return messages;
}

/**
 * `GET /v1/events` against real Postgres: a client that disconnects and comes back with
 * `Last-Event-ID` gets every event after it, in order, none twice; nothing crosses tenants.
 */
describe('GET /v1/events (Server-Sent Events)', () => {
  let db: ScratchDataPlaneDatabase;
  let dataSource: DataSource;
  let store: InboundEventStore;
  let http: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    db = await scratchDataPlaneDatabase('events_sse', 4);
    dataSource = db.dataSource;
    store = new InboundEventStore(dataSource);
    http = Fastify();
    registerAgentKeyHook(http, (authorization) => {
      const key = KEYS[String(authorization)];
      if (!key) throw new AppError('unauthenticated', 'unknown key');
      // The route reads only the tenant and the permissions of the agent.
      return key as unknown as AgentPrincipal;
    });
    registerEventsSseRoute(http, new EventFeed(dataSource, 0), { pollMs: 20 });
    url = `${await http.listen({ port: 0, host: '127.0.0.1' })}/v1/events`;
  });

  afterAll(async () => {
    await http?.close();
    await db?.close();
  });

  const put = (tenantId: string, deliveryId: string) =>
    store.storeOnce(
      cloudEventSchema.parse({
        specversion: '1.0',
        id: randomUUID(),
        source: '/connections/gh-1',
        type: 'com.github.issues.opened',
        subject: 'acme/api#1',
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        data: { n: deliveryId },
        tenantid: tenantId,
        connectionid: 'gh-1',
        provider: 'github',
        deliveryid: deliveryId,
      }),
    );

  it('resumes after a disconnect from Last-Event-ID with nothing lost or repeated', async () => {
    // Start the first session at the current head, then let events arrive while connected.
    // Events are put only once the session is open: its head is fixed before they exist.
    let open!: () => void;
    const isOpen = new Promise<void>((resolve) => (open = resolve));
    const first = readEvents(url, 'Bearer events-key', 3, undefined, 30_000, open);
    await isOpen;
    for (const id of ['e1', 'e2', 'e3']) await put(TENANT, id);
    await put(OTHER_TENANT, 'foreign-1');
    const seen = await first;
    expect(seen.map((m) => m.data.deliveryid)).toEqual(['e1', 'e2', 'e3']);

    // Disconnected: these arrive while nobody listens.
    for (const id of ['e4', 'e5']) await put(TENANT, id);
    const resumed = await readEvents(url, 'Bearer events-key', 2, seen[2].id);
    expect(resumed.map((m) => m.data.deliveryid)).toEqual(['e4', 'e5']);
    expect(resumed[0].event).toBe('com.github.issues.opened');

    // Resuming from the middle replays exactly what followed it.
    const fromMiddle = await readEvents(url, 'Bearer events-key', 3, seen[1].id);
    expect(fromMiddle.map((m) => m.data.deliveryid)).toEqual(['e3', 'e4', 'e5']);
  });

  it("never shows another tenant's events", async () => {
    // A sentinel after every event of the first tenant: reading up to it sees all that could leak,
    // without a short read window that a slow machine would cut off early.
    await put(OTHER_TENANT, 'foreign-2');
    const theirs = await readEvents(url, 'Bearer other-tenant', 2, '0');
    expect(theirs.map((m) => m.data.deliveryid)).toEqual(['foreign-1', 'foreign-2']);
  });

  it('refuses a key without the read:Event scope and an unknown key', async () => {
    expect((await fetch(url, { headers: { authorization: 'Bearer tools-key' } })).status).toBe(403);
    expect((await fetch(url, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });
});
