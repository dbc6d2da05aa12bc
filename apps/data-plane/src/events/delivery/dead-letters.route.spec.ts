import Fastify, { type InjectOptions } from 'fastify';
import type { DeliveryWorker } from './delivery-worker';
import type { SubscriptionsView } from '../../config-view/subscriptions-view';
import { registerDeadLetterRoutes } from './dead-letters.route';

const TENANT = '11111111-1111-4111-8111-111111111111';
const SUBSCRIPTION = '22222222-2222-4222-8222-222222222222';
const URL = `/internal/tenants/${TENANT}/event-subscriptions/${SUBSCRIPTION}/dead-letters`;

const replays: unknown[] = [];

function app(token: string | undefined) {
  const fastify = Fastify();
  const worker = {
    deadLetters: async () => [{ eventId: 'e-1' }],
    replayDeadLetters: async (_id: string, ids?: string[]) => (replays.push(ids), ids?.length ?? 0),
  } as unknown as DeliveryWorker;
  const subscriptions = { of: (tenantId: string, id: string) => (tenantId === TENANT && id === SUBSCRIPTION ? {} : undefined) } as unknown as SubscriptionsView;
  registerDeadLetterRoutes(fastify, worker, subscriptions, token);
  return fastify;
}

describe('the dead-letter routes', () => {
  it('answer only the internal service token, and nobody when none is configured', async () => {
    const configured = app('internal-secret');
    expect((await configured.inject({ url: URL })).statusCode).toBe(401);
    expect((await configured.inject({ url: URL, headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const allowed = await configured.inject({ url: URL, headers: { authorization: 'Bearer internal-secret' } });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json()).toEqual({ deadLetters: [{ eventId: 'e-1' }] });

    const unset = app(undefined);
    expect((await unset.inject({ url: URL, headers: { authorization: 'Bearer ' } })).statusCode).toBe(401);
  });

  it("do not find another tenant's subscription", async () => {
    const other = URL.replace(TENANT, '33333333-3333-4333-8333-333333333333');
    expect((await app('t').inject({ url: other, headers: { authorization: 'Bearer t' } })).statusCode).toBe(404);
  });

  it('refuse bad input naming the parameter, and replay nothing', async () => {
    const auth = { authorization: 'Bearer t' };
    const refused = async (request: InjectOptions) => {
      const answer = await app('t').inject(request);
      return [answer.statusCode, answer.json().error.field];
    };

    expect(await refused({ url: `${URL}?limit=0`, headers: auth })).toEqual([400, 'limit']);
    expect(await refused({ url: `${URL}?limit=lots`, headers: auth })).toEqual([400, 'limit']);
    expect(await refused({ url: URL.replace(TENANT, 'not-a-uuid'), headers: auth })).toEqual([400, 'tenantId']);
    expect(await refused({ method: 'POST', url: `${URL}/replay`, headers: auth, payload: { ids: ['nope'] } })).toEqual([400, 'ids.0']);
    expect(await refused({ method: 'POST', url: `${URL}/replay`, headers: auth, payload: { all: true } })).toEqual([400, 'all']);
    expect(replays).toEqual([]);

    const replayed = await app('t').inject({ method: 'POST', url: `${URL}/replay`, headers: auth, payload: {} });
    expect([replayed.statusCode, replayed.json()]).toEqual([200, { replayed: 0 }]);
  });
});
