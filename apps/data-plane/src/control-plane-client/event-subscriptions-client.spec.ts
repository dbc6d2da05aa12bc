import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '@causeway/platform';
import { EventSubscriptionsClient } from './event-subscriptions-client';

const OWNER = { tenantId: 't-1', keyId: 'k-1' };

/** What the agent is told when the control plane refuses or is away: its own mistakes as they are, ours as `unavailable`. */
describe('the data plane forwarding a key’s subscription changes to the control plane', () => {
  let server: Server;
  let url = '';
  let answer: { status: number; body: unknown } = { status: 200, body: {} };
  const seen: { method?: string; url?: string; authorization?: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (c) => (body += c));
      request.on('end', () => {
        seen.push({ method: request.method, url: request.url, authorization: request.headers.authorization, body });
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((r) => server.close(r)));

  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
    return { code: error.code, field: error.extra.field };
  };

  it("sends the key's change to its route with the service token, and relays the answer", async () => {
    answer = { status: 201, body: { subscription: { id: 's-1' }, signingSecret: 'whsec_x' } };
    const client = new EventSubscriptionsClient(url, 'internal-token');
    expect(await client.create(OWNER, { name: 'x' })).toEqual({ status: 201, body: answer.body });
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      url: '/internal/tenants/t-1/api-keys/k-1/event-subscriptions',
      authorization: 'Bearer internal-token',
      body: '{"name":"x"}',
    });
  });

  it('relays a refusal of the input or an unknown id with its code and field', async () => {
    const client = new EventSubscriptionsClient(url, 'internal-token');
    answer = { status: 400, body: { error: { code: 'invalid_input', message: 'url: refused by the egress policy', field: 'url' } } };
    expect(await refusal(client.create(OWNER, {}))).toEqual({ code: 'invalid_input', field: 'url' });
    answer = { status: 404, body: { error: { code: 'not_found', message: 'id: no such event subscription in this tenant', field: 'id' } } };
    expect(await refusal(client.get(OWNER, 's-2'))).toEqual({ code: 'not_found', field: 'id' });
  });

  it.each([
    ['refuses this replica’s token', { status: 401, body: { error: { code: 'unauthenticated', message: 'x' } } }],
    ['fails', { status: 500, body: { error: { code: 'internal', message: 'x' } } }],
    ['answers something else', { status: 502, body: 'bad gateway' }],
  ])('answers unavailable when the control plane %s: the key is not what is wrong', async (_what, given) => {
    answer = given;
    expect(await refusal(new EventSubscriptionsClient(url, 'internal-token').list(OWNER))).toEqual({ code: 'unavailable', field: undefined });
  });

  it('answers unavailable when no control plane is linked or it does not answer', async () => {
    expect(await refusal(new EventSubscriptionsClient(undefined, undefined).list(OWNER))).toMatchObject({ code: 'unavailable' });
    expect(await refusal(new EventSubscriptionsClient('http://127.0.0.1:9', 'internal-token', 1000).list(OWNER))).toMatchObject({ code: 'unavailable' });
  });
});
