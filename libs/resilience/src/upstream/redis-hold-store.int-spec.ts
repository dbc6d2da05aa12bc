import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { systemClock } from '../common/clock';
import { testRedisUrl } from '../common/redis.test-support';
import { FakeUpstream } from './fake-upstream.test-support';
import { RedisHoldStore } from './redis-hold-store';
import { UpstreamGate } from './upstream-gate';
import { upstreamKey } from './upstream-key';

describe('RedisHoldStore', () => {
  const clients: Redis[] = [];
  const prefix = `test:${randomUUID()}:hold:`;
  const connect = async () => {
    const client = new Redis(testRedisUrl(), { lazyConnect: true });
    await client.connect();
    clients.push(client);
    return client;
  };

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('keeps the longest hold and reads it back on the Redis clock', async () => {
    const store = new RedisHoldStore(await connect(), { prefix });
    const key = upstreamKey('github', randomUUID());
    expect(await store.remainingMs(key)).toBe(0);
    await store.holdFor(key, 5_000);
    await store.holdFor(key, 100);
    const remaining = await store.remainingMs(key);
    expect(remaining).toBeGreaterThan(4_800);
    expect(remaining).toBeLessThanOrEqual(5_000);
    await store.holdFor(key, 8_000);
    expect(await store.remainingMs(key)).toBeGreaterThan(7_800);
  });

  it('never lets any replica send before an upstream Retry-After it has recorded', async () => {
    const upstream = new FakeUpstream(systemClock, 3, 500, false);
    const key = upstreamKey('slack', randomUUID());
    const replicas = [
      new UpstreamGate({ holds: new RedisHoldStore(await connect(), { prefix }) }),
      new UpstreamGate({ holds: new RedisHoldStore(await connect(), { prefix }) }),
    ];
    // A call that passed its gate before another replica recorded a refusal was already on
    // its way; no gate can recall it. Anything checked after the hold was stored must wait.
    const holds: Array<{ recordedAt: number; notBefore: number }> = [];
    const calls: Array<{ checkedAt: number; sentAt: number }> = [];
    const until = Date.now() + 2_500;
    let refusedAtGate = 0;
    await Promise.all(
      replicas.map(async (gate) => {
        while (Date.now() < until) {
          const checkedAt = Date.now();
          const decision = await gate.beforeCall(key);
          if (decision.ok) {
            const sentAt = Date.now();
            calls.push({ checkedAt, sentAt });
            const answer = upstream.call();
            const hold = await gate.afterCall(key, answer.rateLimit);
            if (!answer.ok) holds.push({ recordedAt: Date.now(), notBefore: sentAt + hold });
          } else refusedAtGate++;
          await new Promise((r) => setTimeout(r, 2));
        }
      }),
    );
    expect(upstream.refusals).toBeGreaterThan(0);
    expect(refusedAtGate).toBeGreaterThan(0);
    const violations = calls.filter((call) => holds.some((hold) => hold.recordedAt < call.checkedAt && call.sentAt < hold.notBefore));
    expect(violations).toEqual([]);
  }, 10_000);
});
