import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webhookSecretPath } from '@causeway/contracts';
import { createLogger } from '@causeway/observability';
import { LocalSecretStore } from '@causeway/secrets';
import { githubWebhook, sendVendorWebhook } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { startEmbeddedProcess, type EmbeddedProcess } from '../support/embedded-process';

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

/**
 * On the embedded default: a tenant admin subscribes an agent's local receiver (allowed by the
 * operator, as the bundled simulators are) to GitHub pull-request events; a GitHub delivery
 * signed as GitHub signs reaches the agent signed per Standard Webhooks, with the redacted
 * field gone, and the attempt is in the audit trail.
 */
describe('event delivery on the embedded default', () => {
  let embedded: EmbeddedProcess | undefined;
  let agent: Server;
  let agentPort = 0;
  const dataDir = mkdtempSync(join(tmpdir(), 'causeway-event-delivery-'));
  const deliveries: { headers: IncomingHttpHeaders; body: string }[] = [];
  let token = '';

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${embedded!.controlPlaneUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  };

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
    embedded = await startEmbeddedProcess({ name: 'event-delivery', dataDir, env: { EMBEDDED_EGRESS_ALLOW_PRIVATE: `127.0.0.1:${agentPort}` } });
    const login = await gql<{ login: { accessToken: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p, tenant: "demo") { accessToken } }',
      {
        e: embedded.demo.admin.email,
        p: embedded.demo.admin.password,
      },
    );
    token = login.data!.login.accessToken;
  }, 200_000);

  afterAll(async () => {
    await embedded?.stop();
    await new Promise((r) => agent?.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('delivers a GitHub webhook to the subscribed agent, signed, redacted and audited; a private URL is refused at submission', async () => {
    const me = await gql<{ me: { tenant: { id: string } } }>('{ me { tenant { id } } }');
    const tenantId = me.data!.me.tenant.id;
    const connections = await gql<{ connections: { edges: { node: { id: string; provider: string } }[] } }>(
      '{ connections(first: 50) { edges { node { id provider } } } }',
    );
    const github = connections.data!.connections.edges.map((e) => e.node).find((c) => c.provider === 'github')!;
    // The connection's webhook secret, where an operator puts it (docs/events.md).
    const secrets = await LocalSecretStore.open({ dir: join(dataDir, 'secrets'), logger: createLogger('e2e', 'silent') });
    await secrets.write(webhookSecretPath(tenantId, github.id), { secret: 'gh-e2e-secret' });
    await secrets.close();

    const create = (url: string) =>
      gql<{ createEventSubscription: { subscription: { id: string }; signingSecret: string } }>(
        'mutation($i: EventSubscriptionInput!) { createEventSubscription(input: $i) { subscription { id } signingSecret } }',
        { i: { name: 'pr agent', url, types: ['com.github.pull_request.*'], redact: ['/pull_request/user/email'] } },
      );
    const refused = await create('http://10.1.2.3/hook');
    expect(refused.errors?.[0]?.extensions).toEqual({ code: 'INVALID_INPUT', field: 'url' });

    const created = await create(`http://127.0.0.1:${agentPort}/hook`);
    expect(created.errors).toBeUndefined();
    const { subscription, signingSecret } = created.data!.createEventSubscription;

    // The subscription reaches the data plane on the config stream; a delivery sent before it did would not be owed.
    await new Promise((r) => setTimeout(r, 1500));
    const hook = githubWebhook('gh-e2e-secret', 'pull_request', {
      action: 'opened',
      pull_request: { number: 42, title: 'Add events', user: { login: 'octo', email: 'octo@example.com' } },
      repository: { full_name: 'acme/api' },
    });
    expect((await sendVendorWebhook(`${embedded!.dataPlaneUrl}/v1/webhooks/${tenantId}/${github.id}`, hook)).statuses).toEqual([200]);

    const delivery = await eventually(() => deliveries.find((d) => d.body.includes(hook.deliveryId)), { timeoutMs: 30_000, what: 'the delivery at the agent' });
    expect(verifies(signingSecret, delivery.headers, delivery.body)).toBe(true);
    const event = JSON.parse(delivery.body) as { id: string; type: string; subject: string; data: { pull_request: { user: Record<string, unknown> } } };
    expect(event).toMatchObject({ type: 'com.github.pull_request.opened', subject: 'acme/api#42' });
    expect(delivery.headers['webhook-id']).toBe(event.id);
    expect(event.data.pull_request.user).toEqual({ login: 'octo' });

    const audited = await eventually(
      async () => {
        const page = await gql<{ auditEvents: { edges: { node: { outcome: string; attempts: number; upstreamStatus: number; details: string } }[] } }>(
          '{ auditEvents(filter: { action: "event.delivery" }) { edges { node { outcome attempts upstreamStatus details } } } }',
        );
        const nodes = page.data?.auditEvents.edges.map((e) => e.node) ?? [];
        return nodes.length > 0 ? nodes : undefined;
      },
      { timeoutMs: 30_000, what: 'the delivery attempt in the audit trail' },
    );
    expect(audited).toEqual([{ outcome: 'success', attempts: 1, upstreamStatus: 204, details: expect.stringContaining(event.id) }]);
    expect(audited[0].details).not.toContain('octo');
    expect(subscription.id).toMatch(/^[0-9a-f-]{36}$/);
  }, 120_000);

  it('lets an agent key with the events scopes subscribe itself over REST, and delivers to it', async () => {
    const me = await gql<{ me: { tenant: { id: string } } }>('{ me { tenant { id } } }');
    const tenantId = me.data!.me.tenant.id;
    const connections = await gql<{ connections: { edges: { node: { id: string; provider: string } }[] } }>(
      '{ connections(first: 50) { edges { node { id provider } } } }',
    );
    const github = connections.data!.connections.edges.map((e) => e.node).find((c) => c.provider === 'github')!;
    const created = await gql<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "events agent", scopes: ["manage:Event"] }) { secret } }',
    );
    const key = created.data!.createApiKey.secret;
    const subscribe = () =>
      fetch(`${embedded!.dataPlaneUrl}/v1/subscriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'self', url: `http://127.0.0.1:${agentPort}/self`, types: ['com.github.issues.*'] }),
      });
    // The new key reaches the data plane on the config stream.
    const answer = await eventually(
      async () => {
        const response = await subscribe();
        return response.status === 401 ? undefined : response;
      },
      { timeoutMs: 15_000, what: 'the key in the data plane' },
    );
    expect(answer.status).toBe(201);
    const { subscription, signingSecret } = (await answer.json()) as { subscription: { id: string }; signingSecret: string };

    await new Promise((r) => setTimeout(r, 1500));
    // Signed with the connection's webhook secret the first case put in the secret store.
    const hook = githubWebhook('gh-e2e-secret', 'issues', {
      action: 'opened',
      issue: { number: 5, title: 'Agent-made' },
      repository: { full_name: 'acme/api' },
    });
    expect((await sendVendorWebhook(`${embedded!.dataPlaneUrl}/v1/webhooks/${tenantId}/${github.id}`, hook)).statuses).toEqual([200]);
    const delivery = await eventually(() => deliveries.find((d) => d.body.includes(hook.deliveryId)), { timeoutMs: 30_000, what: 'the delivery at the agent' });
    expect(verifies(signingSecret, delivery.headers, delivery.body)).toBe(true);
    const listed = await fetch(`${embedded!.dataPlaneUrl}/v1/subscriptions`, { headers: { authorization: `Bearer ${key}` } });
    expect(((await listed.json()) as { subscriptions: { id: string }[] }).subscriptions.map((s) => s.id)).toEqual([subscription.id]);
  }, 120_000);
});
