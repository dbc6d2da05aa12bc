import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGitHubSimulator } from '../github/github-simulator';
import { startStripeSimulator } from '../stripe/stripe-simulator';

/** Webhook registration at the simulated vendors, as their APIs answer it, and the signed deliveries that follow. */
describe('webhook registration at simulated vendors', () => {
  let receiver: Server;
  let url = '';
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
    received.length = 0;
  });
  afterAll(() => new Promise((resolve) => receiver.close(resolve)));

  it('GitHub: admin rights required, URL required and unique per repository; a ping and each issue signed with the hook secret; deleted hooks get nothing', async () => {
    const sim = await startGitHubSimulator();
    stops.push(sim.stop);
    const call = (method: string, path: string, token: string, body?: unknown) =>
      fetch(`${sim.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'user-agent': 'spec', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const admin = sim.control.issueToken({ scopes: ['repo'] });
    const hook = { name: 'web', events: ['issues'], config: { url, content_type: 'json', secret: 'hook-secret' } };

    const readOnly = await call('POST', '/repos/causeway-demo/api/hooks', sim.control.issueToken({ scopes: ['public_repo'] }), hook);
    expect(readOnly.status).toBe(403);
    expect(await readOnly.json()).toMatchObject({ message: 'Must have admin rights to Repository.' });
    const noUrl = await call('POST', '/repos/causeway-demo/api/hooks', admin, { ...hook, config: {} });
    expect(noUrl.status).toBe(422);
    expect(await noUrl.json()).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Hook', code: 'custom', message: 'Config must contain URL.' }],
    });

    const created = await call('POST', '/repos/causeway-demo/api/hooks', admin, hook);
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: number; config: Record<string, string>; events: string[] };
    expect(body).toMatchObject({ events: ['issues'], config: { url, secret: '********' } });
    const duplicate = await call('POST', '/repos/causeway-demo/api/hooks', admin, hook);
    expect(await duplicate.json()).toMatchObject({ errors: [{ message: 'Hook already exists on this repository' }] });
    expect(((await (await call('GET', '/repos/causeway-demo/api/hooks', admin)).json()) as unknown[]).length).toBe(1);

    await call('POST', '/repos/causeway-demo/api/issues', admin, { title: 'Hooked' });
    await sim.control.hooks.settled();
    expect(received.map((r) => r.headers['x-github-event'])).toEqual(['ping', 'issues']);
    for (const delivery of received) {
      expect(delivery.headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', 'hook-secret').update(delivery.body).digest('hex')}`);
    }
    expect(JSON.parse(received[1]!.body)).toMatchObject({ action: 'opened', issue: { title: 'Hooked' }, repository: { full_name: 'causeway-demo/api' } });

    expect((await call('DELETE', `/repos/causeway-demo/api/hooks/${body.id}`, admin)).status).toBe(204);
    expect((await call('DELETE', `/repos/causeway-demo/api/hooks/${body.id}`, admin)).status).toBe(404);
    await call('POST', '/repos/causeway-demo/api/issues', admin, { title: 'Unheard' });
    await sim.control.hooks.settled();
    expect(received).toHaveLength(2);
  });

  it('Stripe: url and enabled_events required; the whsec_ secret only in the create answer; events signed with it; delete answers deleted', async () => {
    const sim = await startStripeSimulator();
    stops.push(sim.stop);
    const key = sim.control.issueToken();
    const call = (method: string, path: string, form?: Record<string, string>) =>
      fetch(`${sim.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: form ? new URLSearchParams(form).toString() : undefined,
      });

    const missing = await call('POST', '/v1/webhook_endpoints', { url });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: 'parameter_missing', param: 'enabled_events', type: 'invalid_request_error' } });
    const created = (await (await call('POST', '/v1/webhook_endpoints', { url, 'enabled_events[0]': 'customer.created' })).json()) as {
      id: string;
      secret: string;
    };
    expect(created).toMatchObject({
      id: expect.stringMatching(/^we_/),
      object: 'webhook_endpoint',
      secret: expect.stringMatching(/^whsec_/),
      status: 'enabled',
    });
    expect(await (await call('GET', `/v1/webhook_endpoints/${created.id}`)).json()).not.toHaveProperty('secret');

    await call('POST', '/v1/customers', { email: 'hooked@example.com' });
    await sim.control.hooks.settled();
    expect(received).toHaveLength(1);
    const [t, v1] = String(received[0]!.headers['stripe-signature']).split(',');
    expect(v1).toBe(
      `v1=${createHmac('sha256', created.secret)
        .update(`${t!.slice(2)}.${received[0]!.body}`)
        .digest('hex')}`,
    );
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'customer.created', data: { object: { email: 'hooked@example.com' } } });

    expect(await (await call('DELETE', `/v1/webhook_endpoints/${created.id}`)).json()).toEqual({ id: created.id, object: 'webhook_endpoint', deleted: true });
    expect(await (await call('DELETE', `/v1/webhook_endpoints/${created.id}`)).json()).toMatchObject({ error: { code: 'resource_missing' } });
  });
});
