import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cloudEventSchema, type CloudEvent } from '@causeway/contracts';
import { standardWebhookSignature } from './standard-webhooks';
import { SubjectOrderedDispatcher } from './subject-ordered-dispatcher';
import { webhookSender } from './webhook-sender';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
/** The "60 s outage" of the issue, scaled down: the backoff is scaled by the same factor. */
const OUTAGE_MS = 600;

function event(subject: string, n: number): CloudEvent & { subject: string } {
  return cloudEventSchema.parse({
    specversion: '1.0',
    id: randomUUID(),
    source: '/connections/gh-1',
    type: 'com.github.issues.edited',
    subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { n },
    tenantid: 't1',
    connectionid: 'gh-1',
    provider: 'github',
    deliveryid: `${subject}-${n}`,
  }) as CloudEvent & { subject: string };
}

/**
 * An agent's endpoint that is down, then comes back: it gets every event, each subject's in
 * order, each verifiably signed; an endpoint that never comes back fills the dead-letter list.
 */
describe('delivery to an agent endpoint', () => {
  let server: Server;
  let url: string;
  let downUntil = 0;
  const received: { subject: string; n: number }[] = [];
  let badSignatures = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (c) => (body += c));
      request.on('end', () => {
        if (Date.now() < downUntil) return void response.writeHead(503).end();
        const expected = standardWebhookSignature(SECRET, String(request.headers['webhook-id']), Number(request.headers['webhook-timestamp']), body);
        if (request.headers['webhook-signature'] !== expected) {
          badSignatures++;
          return void response.writeHead(401).end();
        }
        const parsed = JSON.parse(body) as CloudEvent;
        received.push({ subject: parsed.subject!, n: (parsed.data as { n: number }).n });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });

  afterAll(() => new Promise((r) => server.close(r)));

  it('delivers every event after an outage, in order per subject, with nothing dead-lettered', async () => {
    const deadLetters: string[] = [];
    const send = webhookSender({ url, secret: SECRET }, (u, init) => fetch(u, init));
    const dispatcher = new SubjectOrderedDispatcher<CloudEvent & { subject: string }>({
      send,
      deadLetter: (e) => void deadLetters.push(e.id),
      backoff: { baseMs: 20, maxMs: 160 },
      maxAttempts: 50,
    });
    downUntil = Date.now() + OUTAGE_MS;
    const subjects = ['acme/api#1', 'acme/api#2', 'acme/web#7'];
    for (let n = 0; n < 6; n++) for (const subject of subjects) dispatcher.enqueue(event(subject, n));
    await dispatcher.idle();

    expect(deadLetters).toEqual([]);
    expect(badSignatures).toBe(0);
    expect(received).toHaveLength(18);
    for (const subject of subjects) {
      expect(received.filter((r) => r.subject === subject).map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 5]);
    }
  });

  it('dead-letters an event whose attempts run out, then goes on with the subject', async () => {
    received.length = 0;
    const deadLetters: number[] = [];
    let calls = 0;
    const send = webhookSender({ url, secret: SECRET }, (u, init) => fetch(u, init));
    const dispatcher = new SubjectOrderedDispatcher<CloudEvent & { subject: string }>({
      // The first event's every attempt meets an outage; the second's does not.
      send: async (e, attempt) => {
        calls++;
        if ((e.data as { n: number }).n === 0) return { ok: false, error: `status 503 (attempt ${attempt})` };
        return send(e);
      },
      deadLetter: (e) => void deadLetters.push((e.data as { n: number }).n),
      backoff: { baseMs: 1, maxMs: 4 },
      maxAttempts: 3,
    });
    dispatcher.enqueue(event('s', 0));
    dispatcher.enqueue(event('s', 1));
    await dispatcher.idle();
    expect(deadLetters).toEqual([0]);
    expect(calls).toBe(4);
    expect(received).toEqual([{ subject: 's', n: 1 }]);
  });
});
