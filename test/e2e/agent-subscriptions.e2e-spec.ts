import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookSecretPath } from '@causeway/contracts';
import { githubWebhook, sendVendorWebhook } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { PlatformHarness } from '../support/platform-harness';

/** Standard Webhooks verification, as a receiver following the specification writes it. */
function verifies(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`)
    .digest();
  return String(headers['webhook-signature'])
    .split(' ')
    .some((candidate) => {
      const given = Buffer.from(candidate.split(',')[1] ?? '', 'base64');
      return candidate.startsWith('v1,') && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

type Subscription = { id: string; url: string; types: string[]; paused: boolean };
type Answer = { status: number; body: Record<string, unknown> & { error?: { code: string; field?: string } } };

/**
 * Agent keys managing their own event subscriptions over `/v1/subscriptions`, on Postgres, with
 * the control plane as the one writer: the scopes, the URL judged by the egress rules, a key
 * seeing only its own (never another key's, never another tenant's), and a subscription made
 * over REST delivering a GitHub webhook to the agent's local receiver, signed.
 */
describe('agent keys managing their own event subscriptions (/v1/subscriptions)', () => {
  const cp = new PlatformHarness();
  let acme: Awaited<ReturnType<PlatformHarness['tenantWithOwner']>>;
  let other: Awaited<ReturnType<PlatformHarness['tenantWithOwner']>>;
  let agent: Server;
  let agentPort = 0;
  const deliveries: { headers: IncomingHttpHeaders; body: string }[] = [];
  const keys: Record<'manager' | 'reader' | 'caller' | 'sibling' | 'otherTenant', string> = {
    manager: '',
    reader: '',
    caller: '',
    sibling: '',
    otherTenant: '',
  };

  const keyFor = async (token: string, name: string, scopes: string[]) =>
    (
      await cp.ok<{ createApiKey: { secret: string } }>(
        'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }',
        { i: { name, scopes } },
        token,
      )
    ).createApiKey.secret;

  const call = async (key: string, method: string, path = '', body?: unknown): Promise<Answer> => {
    const response = await fetch(`${cp.dataPlane.url}/v1/subscriptions${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
  };
  const input = (extra: Record<string, unknown> = {}) => ({
    name: 'pr agent',
    url: `http://127.0.0.1:${agentPort}/hook`,
    types: ['com.github.pull_request.*'],
    ...extra,
  });

  beforeAll(async () => {
    agent = createServer((request, response) => {
      let body = '';
      request.on('data', (c) => (body += c));
      request.on('end', () => {
        deliveries.push({ headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => agent.listen(0, '127.0.0.1', r));
    agentPort = (agent.address() as AddressInfo).port;
    await cp.start();
    acme = await cp.tenantWithOwner('agent-subs');
    other = await cp.tenantWithOwner('agent-subs-other');
    keys.manager = await keyFor(acme.token, 'manager', ['manage:Event']);
    keys.reader = await keyFor(acme.token, 'reader', ['read:Event']);
    keys.caller = await keyFor(acme.token, 'caller', ['call:Tool', 'read:Tool']);
    keys.sibling = await keyFor(acme.token, 'sibling', ['manage:Event']);
    keys.otherTenant = await keyFor(other.token, 'other', ['manage:Event']);
    for (const key of Object.values(keys)) {
      await eventually(async () => ((await call(key, 'GET')).status !== 401 ? true : undefined), { what: 'the key in the data plane' });
    }
  }, 120_000);

  afterAll(async () => {
    await cp.stop();
    await new Promise((r) => agent?.close(r));
  }, 30_000);

  it('refuses a key without the scope: update:Event to change, read:Event to read (403)', async () => {
    const noWrite = await call(keys.reader, 'POST', '', input());
    expect(noWrite.status).toBe(403);
    expect(noWrite.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('update:Event') });
    expect((await call(keys.caller, 'GET')).status).toBe(403);
    expect((await call(keys.reader, 'GET')).body).toEqual({ subscriptions: [] });
    expect((await call('cw_not_a_key', 'GET')).status).toBe(401);
  });

  it("keeps the control plane's side internal: without the service token it refuses (401)", async () => {
    const path = `${cp.url}/internal/tenants/${acme.tenantId}/api-keys/${acme.ownerId}/event-subscriptions`;
    expect((await fetch(path)).status).toBe(401);
    expect((await fetch(path, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401);
  });

  it.each([
    ['a private address', { url: 'https://10.0.0.5/hook' }, 'url'],
    ['the metadata service', { url: 'http://169.254.169.254/latest' }, 'url'],
    ['credentials in the URL', { url: 'https://user:pw@93.184.216.34/hook' }, 'url'],
    ['no types', { types: [] }, 'types'],
    ['a bad redaction pointer', { redact: ['pull_request.user'] }, 'redact.0'],
    ['an unknown field', { secret: 'mine' }, 'secret'],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_what, extra, field) => {
    const refused = await call(keys.manager, 'POST', '', input(extra));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_input', field });
    expect((await call(keys.manager, 'GET')).body).toEqual({ subscriptions: [] });
  });

  let created: Subscription;

  it('creates a subscription (201, secret shown once) that delivers a GitHub webhook to the agent, signed per Standard Webhooks', async () => {
    const answer = await call(keys.manager, 'POST', '', input({ redact: ['/pull_request/user/email'] }));
    expect(answer.status).toBe(201);
    const { subscription, signingSecret } = answer.body as { subscription: Subscription; signingSecret: string };
    created = subscription;
    expect(signingSecret).toMatch(/^whsec_/);
    expect(subscription).toMatchObject({ url: `http://127.0.0.1:${agentPort}/hook`, types: ['com.github.pull_request.*'], paused: false });
    expect(JSON.stringify((await call(keys.manager, 'GET', `/${subscription.id}`)).body)).not.toContain(signingSecret);

    const connection = await cp.ok<{ createConnection: { id: string } }>(
      'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id } }',
      { i: { provider: 'github', name: 'gh', kind: 'shared', authMode: 'personal_access_token', token: 'ghp_e2e' } },
      acme.token,
    );
    const connectionId = connection.createConnection.id;
    await cp.secretStore.write(webhookSecretPath(acme.tenantId, connectionId), { secret: 'gh-secret' });
    await eventually(
      () =>
        cp.dataPlane.configView.eventSubscriptions.of(acme.tenantId, subscription.id) && cp.dataPlane.configView.connection(acme.tenantId, connectionId)
          ? true
          : undefined,
      { what: 'the subscription and the connection in the data plane' },
    );
    const hook = githubWebhook('gh-secret', 'pull_request', {
      action: 'opened',
      pull_request: { number: 7, user: { login: 'octo', email: 'octo@example.com' } },
      repository: { full_name: 'acme/api' },
    });
    expect((await sendVendorWebhook(`${cp.dataPlane.url}/v1/webhooks/${acme.tenantId}/${connectionId}`, hook)).statuses).toEqual([200]);
    const delivery = await eventually(() => deliveries.find((d) => d.body.includes(hook.deliveryId)), { timeoutMs: 30_000, what: 'the delivery' });
    expect(verifies(signingSecret, delivery.headers, delivery.body)).toBe(true);
    expect(JSON.parse(delivery.body)).toMatchObject({
      type: 'com.github.pull_request.opened',
      subject: 'acme/api#7',
      data: { pull_request: { user: { login: 'octo' } } },
    });
    expect(delivery.body).not.toContain('octo@example.com');
  }, 60_000);

  it("shows a key only its own subscriptions: another key's or another tenant's id is 404", async () => {
    expect((await call(keys.manager, 'GET')).body).toEqual({ subscriptions: [expect.objectContaining({ id: created.id })] });
    expect((await call(keys.reader, 'GET')).body).toEqual({ subscriptions: [] });
    for (const key of [keys.sibling, keys.otherTenant]) {
      for (const [method, body] of [['GET'], ['PATCH', { paused: true }], ['DELETE']] as const) {
        const answer = await call(key, method, `/${created.id}`, body);
        expect([method, answer.status, answer.body.error?.code]).toEqual([method, 404, 'not_found']);
      }
    }
    // The tenant admin's subscriptions (GraphQL) are not a key's to see either.
    const admins = await cp.ok<{ createEventSubscription: { subscription: { id: string } } }>(
      'mutation($i: EventSubscriptionInput!) { createEventSubscription(input: $i) { subscription { id } } }',
      { i: { name: 'admin', url: 'https://93.184.216.34/hook', types: ['com.slack.*'] } },
      acme.token,
    );
    expect((await call(keys.manager, 'GET', `/${admins.createEventSubscription.subscription.id}`)).status).toBe(404);
    expect((await call(keys.manager, 'GET', '/not-an-id')).body.error).toMatchObject({ code: 'invalid_input', field: 'id' });
  });

  it('pauses, resumes and deletes its own subscription; the data plane follows', async () => {
    const paused = await call(keys.manager, 'PATCH', `/${created.id}`, { paused: true });
    expect([paused.status, (paused.body.subscription as Subscription).paused]).toEqual([200, true]);
    await eventually(() => (cp.dataPlane.configView.eventSubscriptions.of(acme.tenantId, created.id)?.paused ? true : undefined), { what: 'paused' });
    expect((await call(keys.manager, 'PATCH', `/${created.id}`, { paused: 'yes' })).body.error).toMatchObject({ code: 'invalid_input', field: 'paused' });
    expect((await call(keys.manager, 'PATCH', `/${created.id}`, { paused: false })).status).toBe(200);
    expect((await call(keys.reader, 'DELETE', `/${created.id}`)).status).toBe(403);
    expect((await call(keys.manager, 'DELETE', `/${created.id}`)).status).toBe(204);
    expect((await call(keys.manager, 'GET', `/${created.id}`)).status).toBe(404);
    await eventually(() => (cp.dataPlane.configView.eventSubscriptions.of(acme.tenantId, created.id) ? undefined : true), {
      what: 'deleted in the data plane',
    });
  });
  it("lets one key hold 10 of the tenant's subscriptions: the 11th is a conflict", async () => {
    const public_ = { url: 'https://93.184.216.34/hook' };
    for (let i = 0; i < 10; i++) expect((await call(keys.sibling, 'POST', '', input({ ...public_, name: `s${i}` }))).status).toBe(201);
    const refused = await call(keys.sibling, 'POST', '', input(public_));
    expect([refused.status, refused.body.error?.code]).toEqual([409, 'conflict']);
    expect(((await call(keys.sibling, 'GET')).body.subscriptions as unknown[]).length).toBe(10);
  });
});
