import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { eventually, runTsProcess } from '@causeway/testing';
import { RedisRateLimiter } from './redis-rate-limiter';
import { describeRateLimiterBehaviour } from './rate-limiter.test-support';
import { testRedisUrl } from '../common/redis.test-support';

describe('RedisRateLimiter', () => {
  let redis: Redis;
  let limiter: RedisRateLimiter;
  const prefix = `test:${randomUUID()}:`;

  beforeAll(async () => {
    redis = new Redis(testRedisUrl(), { lazyConnect: true });
    await redis.connect();
    limiter = new RedisRateLimiter(redis, { prefix });
  });

  afterAll(async () => {
    await redis.quit();
  });

  describeRateLimiterBehaviour('RedisRateLimiter', () => limiter);

  it('reloads its script after Redis forgot it (SCRIPT FLUSH, restart, failover)', async () => {
    await redis.script('FLUSH');
    expect((await limiter.take(`flushed-${randomUUID()}`, { ratePerSecond: 1, burst: 1 })).allowed).toBe(true);
  });

  it('uses the Redis clock when no instant is given, and lets the key expire once the bucket is full', async () => {
    const key = `server-clock-${randomUUID()}`;
    const rule = { ratePerSecond: 10, burst: 2 };
    expect(await limiter.take(key, rule)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await limiter.take(key, rule)).toMatchObject({ allowed: true, remaining: 0 });
    const refused = await limiter.take(key, rule);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(100);
    const ttl = await redis.pttl(`${prefix}${key}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(200);
    await eventually(async () => ((await limiter.take(key, rule, 0)).remaining === 2 ? true : undefined), { timeoutMs: 10_000, intervalMs: 20 }); // Redis expires the key ~200 ms in; the bound only limits a failing run
  });

  it('two data-plane processes sharing a limit admit within ±(1% + 1) of it when offered 3× the rate', async () => {
    const key = `shared-${randomUUID()}`;
    const ratePerSecond = 250;
    const burst = 50;
    const durationMs = 4_000;
    const env = {
      REDIS_URL: testRedisUrl(),
      KEY: key,
      RATE_PER_SECOND: String(ratePerSecond),
      BURST: String(burst),
      OFFER_PER_SECOND: String((3 * ratePerSecond) / 2),
      DURATION_MS: String(durationMs),
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

    const offered = reports.reduce((sum, r) => sum + r.offered, 0);
    const admitted = reports.reduce((sum, r) => sum + r.admitted, 0);
    const spanMs = Math.max(...reports.map((r) => r.lastOfferAt)) - Math.min(...reports.map((r) => r.firstOfferAt));
    const limit = burst + (ratePerSecond * spanMs) / 1000;
    const tolerance = 0.01 * limit + 1;
    const measurement = {
      offered,
      admitted,
      spanMs,
      limit,
      tolerance,
      errorPct: (100 * (admitted - limit)) / limit,
      perProcess: reports.map((r) => r.admitted),
    };
    process.stderr.write(`[resilience] shared GCRA limit across 2 processes: ${JSON.stringify(measurement)}\n`);

    expect(offered).toBeGreaterThanOrEqual(2.9 * limit - 3 * burst);
    expect(Math.abs(admitted - limit)).toBeLessThanOrEqual(tolerance);
    // Neither replica starves the other: both got a fair share of the shared limit.
    for (const report of reports) expect(report.admitted).toBeGreaterThan(limit * 0.3);
  }, 60_000);
});
