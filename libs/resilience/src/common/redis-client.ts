import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis client for the request path. ioredis' defaults suit a batch job: while disconnected
 * it queues commands and retries each one up to 20 times, so a Redis outage would stall every
 * call for seconds. Here a command fails fast instead (and the caller falls back, see
 * FallbackAdmission), while the client keeps reconnecting in the background.
 *
 * `enableAutoPipelining` stays off: with one admission script per call (RedisAdmission) there is
 * little to batch, and measured (admission/testing/admission-bench.ts, 32 calls in flight) it
 * cost CPU instead of saving it: 25 vs 19 µs of client CPU per call, fewer calls/s. It helped
 * the old five-commands-per-call path a little (60 vs 68 µs), not enough to matter there.
 */
export function createRedisClient(url: string, overrides: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 250,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    ...overrides,
  });
}
