/**
 * One "data-plane replica" for the shared-limit integration test (redis-rate-limiter.int-spec.ts):
 * offers calls on one key at a fixed rate for a fixed time through the Redis limiter and prints
 * what it offered and what was admitted as one JSON line. Started twice, as separate processes.
 *
 * Both copies report ready (INCR on `<key>:ready`), then wait for the test to publish a common
 * start instant (`<key>:start`), so neither gets a head start from a faster boot.
 *
 * Env: REDIS_URL, KEY, RATE_PER_SECOND, BURST, OFFER_PER_SECOND, DURATION_MS; MODE `limiter`
 * (default: RedisRateLimiter on KEY) or `admission` (RedisAdmission taking KEY at the rule and a
 * second bucket at twice the rule in one decision, as a tenant and a key quota are taken).
 */
import { Redis } from 'ioredis';
import { RedisAdmission } from '../../admission/redis-admission';
import { RedisRateLimiter } from '../redis-rate-limiter';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const key = env('KEY');
  const rule = { ratePerSecond: Number(env('RATE_PER_SECOND')), burst: Number(env('BURST')) };
  const offerPerSecond = Number(env('OFFER_PER_SECOND'));
  const durationMs = Number(env('DURATION_MS'));
  const redis = new Redis(env('REDIS_URL'), { lazyConnect: true });
  await redis.connect();
  const limiter = new RedisRateLimiter(redis);
  const admission = new RedisAdmission(redis);
  const wide = { ratePerSecond: rule.ratePerSecond * 2, burst: rule.burst * 2 };
  const take =
    process.env.MODE === 'admission'
      ? async () =>
          (
            await admission.decide({
              takes: [
                { scope: 'tenant', key, rule },
                { scope: 'key', key: `${key}:key`, rule: wide },
              ],
            })
          ).allowed
      : async () => (await limiter.take(key, rule)).allowed;

  await redis.incr(`${key}:ready`);
  let startAt: number | undefined;
  while (startAt === undefined) {
    const raw = await redis.get(`${key}:start`);
    if (raw) startAt = Number(raw);
    else await new Promise((r) => setTimeout(r, 5));
  }
  while (Date.now() < startAt) await new Promise((r) => setTimeout(r, 1));

  const endAt = startAt + durationMs;
  let offered = 0;
  let admitted = 0;
  let pending = 0;
  let firstOfferAt = 0;
  let lastOfferAt = 0;
  let drained: () => void = () => undefined;
  for (;;) {
    const now = Date.now();
    if (now >= endAt) break;
    // Catch up after any event-loop stall: the offered load stays at the rate on average.
    const due = Math.floor(((now - startAt) * offerPerSecond) / 1000) + 1;
    while (offered < due) {
      offered++;
      pending++;
      firstOfferAt ||= now;
      lastOfferAt = now;
      take()
        .then((allowed) => {
          if (allowed) admitted++;
        })
        .finally(() => {
          if (--pending === 0) drained();
        });
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  if (pending > 0) await new Promise<void>((resolve) => (drained = resolve));
  await redis.quit();
  process.stdout.write(`${JSON.stringify({ offered, admitted, firstOfferAt, lastOfferAt })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
