import { ManualClock } from '../common/clock';
import { InMemoryIdempotencyStore } from './in-memory-idempotency-store';
import { describeIdempotencyStoreBehaviour } from './idempotency-store.test-support';

const clock = new ManualClock();
const retentionMs = 24 * 60 * 60_000;
const leaseMs = 30_000;
const store = new InMemoryIdempotencyStore({ clock, retentionMs, defaultLeaseMs: leaseMs });

describeIdempotencyStoreBehaviour('InMemoryIdempotencyStore', () => ({
  store,
  retentionMs,
  leaseMs,
  advance: async (ms) => clock.advance(ms),
}));

describe('InMemoryIdempotencyStore', () => {
  it('hands out a lease of the length asked for', async () => {
    const local = new InMemoryIdempotencyStore({ clock: new ManualClock() });
    const scope = { tenantId: 't', apiKeyId: 'k' };
    await local.begin(scope, 'key', 'h', { leaseMs: 5_000 });
    expect(await local.begin(scope, 'key', 'h')).toEqual({ kind: 'in_flight', retryAfterMs: 5_000 });
  });

  it('replays a copy, so a caller mutating it cannot change what later duplicates get', async () => {
    const local = new InMemoryIdempotencyStore({ clock: new ManualClock() });
    const scope = { tenantId: 't', apiKeyId: 'k' };
    const begun = (await local.begin(scope, 'key', 'h')) as { lease: string };
    await local.complete(scope, 'key', begun.lease, { status: 200, body: { n: 1 } });
    const first = (await local.begin(scope, 'key', 'h')) as { response: { body: { n: number } } };
    first.response.body.n = 2;
    expect(await local.begin(scope, 'key', 'h')).toEqual({ kind: 'replay', response: { status: 200, body: { n: 1 } } });
  });
});
