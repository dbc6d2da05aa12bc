import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis client for the request path. ioredis' defaults suit a batch job: while disconnected
 * it queues commands and retries each one up to 20 times, so a Redis outage would stall every
 * call for seconds. Here a command fails fast instead (and the caller falls back, see
 * FallbackRateLimiter), while the client keeps reconnecting in the background.
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
