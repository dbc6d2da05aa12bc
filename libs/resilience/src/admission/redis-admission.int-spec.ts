import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { eventually, freePort, runTsProcess } from '@causeway/testing';
import { createRedisClient } from '../common/redis-client';
import { recordCommands, testRedisUrl } from '../common/redis.test-support';
import { RedisRateLimiter } from '../limits/redis-rate-limiter';
import { InMemoryHoldStore } from '../upstream/hold-store';
import { FallbackHoldStore } from '../upstream/fallback-hold-store';
import { RedisHoldStore } from '../upstream/redis-hold-store';
import { describeAdmissionBehaviour } from './admission.test-support';
import { FallbackAdmission } from './fallback-admission';
import { InMemoryAdmission } from './in-memory-admission';
import { RedisAdmission } from './redis-admission';

describe('RedisAdmission', () => {
  let redis: Redis;
  let admission: RedisAdmission;
  let limiter: RedisRateLimiter;
  let holds: RedisHoldStore;
  const prefix = `test:${randomUUID()}:rl:`;
  const holdPrefix = `test:${randomUUID()}:hold:`;

  beforeAll(async () => {
    redis = new Redis(testRedisUrl(), { lazyConnect: true });
    await redis.connect();
    admission = new RedisAdmission(redis, { prefix, holdPrefix });
    limiter = new RedisRateLimiter(redis, { prefix });
    holds = new RedisHoldStore(redis, { prefix: holdPrefix });
  });

  afterAll(async () => {
    await redis.quit();
  });

  describeAdmissionBehaviour('RedisAdmission', () => ({ admission, limiter, holds }));

  it('decides holds, quotas and pace in one command (one round trip)', async () => {
    const id = randomUUID();
    const { sent, stop } = recordCommands(redis);
    try {
      const rule = { perMinute: 600, burst: 60 };
      const request = {
        holds: [
          { scope: 'upstream', key: `slack:${id}` },
          { scope: 'upstream', key: `slack:${id}:chat.postMessage:C1` },
        ],
        takes: [
          { scope: 'tenant', key: `tenant:${id}`, rule },
          { scope: 'key', key: `key:${id}`, rule },
          { scope: 'pace', key: `pace:slack:${id}:chat.postMessage:C1`, rule: { ratePerSecond: 1, burst: 1 } },
        ],
      };
      for (let i = 0; i < 10; i++) await admission.decide(request);
      expect(sent).toEqual(Array(10).fill('evalsha'));
    } finally {
      stop();
    }
  });

  it('decides the calls of one event-loop turn in one script run, each on its own and in the order they asked', async () => {
    const id = randomUUID();
    await holds.holdFor(`slack:${id}:held`, 5_000);
    const { sent, stop } = recordCommands(redis);
    try {
      const keyRule = { perMinute: 60, burst: 5 };
      const decisions = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          admission.decide({
            holds: i === 3 ? [{ scope: 'upstream', key: `slack:${id}:held` }] : [],
            takes: [{ scope: 'key', key: `key:${id}`, rule: keyRule }],
          }),
        ),
      );
      expect(sent).toEqual(['evalsha']);
      // The held call is refused and takes nothing, so the five tokens go to the first five others.
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, true, true, ...Array(14).fill(false)]);
      expect(decisions[3]).toMatchObject({ allowed: false, refused: [{ scope: 'upstream' }] });
      expect(decisions[6]).toMatchObject({ allowed: false, refused: [{ scope: 'key' }] });
    } finally {
      stop();
    }
  });

  it('splits a turn with more calls than maxBatch into several script runs', async () => {
    const id = randomUUID();
    const small = new RedisAdmission(redis, { prefix, holdPrefix, maxBatch: 4 });
    const { sent, stop } = recordCommands(redis);
    try {
      const decisions = await Promise.all(
        Array.from({ length: 10 }, () => small.decide({ takes: [{ scope: 'key', key: `key:${id}`, rule: { perMinute: 60, burst: 7 } }] })),
      );
      expect(sent).toEqual(['evalsha', 'evalsha', 'evalsha']);
      expect(decisions.filter((d) => d.allowed)).toHaveLength(7);
    } finally {
      stop();
    }
  });

  it('takes nothing from the tenant quota when the key quota refuses, under concurrent callers on two clients', async () => {
    const id = randomUUID();
    const other = new Redis(testRedisUrl(), { lazyConnect: true });
    await other.connect();
    try {
      const tenantRule = { perMinute: 60, burst: 1_000 };
      const keyRule = { perMinute: 60, burst: 10 };
      const replicas = [admission, new RedisAdmission(other, { prefix, holdPrefix })];
      const decisions = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          replicas[i % 2].decide({
            takes: [
              { scope: 'tenant', key: `tenant:${id}`, rule: tenantRule },
              { scope: 'key', key: `key:${id}`, rule: keyRule },
            ],
          }),
        ),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
      for (const refused of decisions.filter((d) => !d.allowed)) expect(refused).toMatchObject({ refused: [{ scope: 'key' }] });
      // Exactly the ten admitted calls were charged to the tenant (rate 1/s: at most one refilled meanwhile).
      const left = (await limiter.take(`tenant:${id}`, tenantRule, 0)).remaining;
      expect(left).toBeGreaterThanOrEqual(990);
      expect(left).toBeLessThanOrEqual(991);
    } finally {
      await other.quit();
    }
  });

  it('reloads its script after Redis forgot it (SCRIPT FLUSH, restart, failover)', async () => {
    await redis.script('FLUSH');
    expect(await admission.decide({ takes: [{ scope: 'key', key: `flushed-${randomUUID()}`, rule: { ratePerSecond: 1, burst: 1 } }] })).toEqual({
      allowed: true,
    });
  });

  it('uses the Redis clock when no instant is given, and lets bucket keys expire once full', async () => {
    const id = randomUUID();
    const rule = { ratePerSecond: 10, burst: 2 };
    const request = { takes: [{ scope: 'key', key: `key:${id}`, rule }] };
    expect(await admission.decide(request)).toEqual({ allowed: true });
    expect(await admission.decide(request)).toEqual({ allowed: true });
    const refused = await admission.decide(request);
    expect(refused.allowed).toBe(false);
    if (refused.allowed) throw new Error('unreachable');
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(100);
    const ttl = await redis.pttl(`${prefix}key:${id}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(200);
    await eventually(async () => ((await redis.exists(`${prefix}key:${id}`)) === 0 ? true : undefined), { timeoutMs: 10_000, intervalMs: 20 }); // Redis expires the key ~200 ms in; the bound only limits a failing run
  });

  it("falls back within milliseconds to this replica's share, with holds kept locally, when Redis is unreachable", async () => {
    const unreachable = createRedisClient(`redis://127.0.0.1:${await freePort()}`);
    unreachable.on('error', () => undefined); // connection errors are expected here
    try {
      const fallbacks: unknown[] = [];
      const local = new InMemoryHoldStore();
      const onFallback = (e: unknown) => fallbacks.push(e);
      const hold = new FallbackHoldStore(new RedisHoldStore(unreachable), local, { onFallback });
      const guarded = new FallbackAdmission(new RedisAdmission(unreachable), new InMemoryAdmission({ holds: local }), { share: 0.5, onFallback });
      const started = Date.now();
      const request = { takes: [{ scope: 'key', key: 'k', rule: { ratePerSecond: 1, burst: 4 } }] };
      expect(await guarded.decide(request)).toEqual({ allowed: true });
      expect(await guarded.decide(request)).toEqual({ allowed: true });
      expect(await guarded.decide(request)).toMatchObject({ allowed: false, refused: [{ scope: 'key' }] });
      await hold.holdFor('slack:c1', 5_000);
      expect(await guarded.decide({ holds: [{ scope: 'upstream', key: 'slack:c1' }] })).toMatchObject({ allowed: false, refused: [{ scope: 'upstream' }] });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(fallbacks).toHaveLength(5);
    } finally {
      unreachable.disconnect();
    }
  });

  it('two data-plane processes admitting tenant + key together stay within ±(1% + 1) of the tenant limit when offered 3× the rate', async () => {
    const key = `shared-admission-${randomUUID()}`;
    const ratePerSecond = 250;
    const burst = 50;
    const env = {
      REDIS_URL: testRedisUrl(),
      KEY: key,
      MODE: 'admission',
      RATE_PER_SECOND: String(ratePerSecond),
      BURST: String(burst),
      OFFER_PER_SECOND: String((3 * ratePerSecond) / 2),
      DURATION_MS: '4000',
    };
    const entry = 'libs/resilience/src/limits/testing/hammer.ts';
    const runs = Promise.all([runTsProcess(entry, env), runTsProcess(entry, env)]);
    await eventually(async () => (Number(await redis.get(`${key}:ready`)) === 2 ? true : undefined), { timeoutMs: 30_000, what: 'both processes ready' });
    await redis.set(`${key}:start`, String(Date.now() + 200), 'PX', 60_000);
    const results = await runs;
    for (const run of results) expect(run).toMatchObject({ code: 0 });
    const reports = results.map(
      (run) => JSON.parse(run.output.trim().split('\n').pop()!) as { offered: number; admitted: number; firstOfferAt: number; lastOfferAt: number },
    );
    const admitted = reports.reduce((sum, r) => sum + r.admitted, 0);
    const spanMs = Math.max(...reports.map((r) => r.lastOfferAt)) - Math.min(...reports.map((r) => r.firstOfferAt));
    const limit = burst + (ratePerSecond * spanMs) / 1000;
    const tolerance = 0.01 * limit + 1;
    process.stderr.write(
      `[resilience] shared admission across 2 processes: ${JSON.stringify({ admitted, limit, tolerance, perProcess: reports.map((r) => r.admitted) })}\n`,
    );
    expect(Math.abs(admitted - limit)).toBeLessThanOrEqual(tolerance);
    for (const report of reports) expect(report.admitted).toBeGreaterThan(limit * 0.3);
  }, 60_000);
});
