import { Redis, type RedisOptions } from 'ioredis';

/** The part of a pino logger the client reports through (libs/resilience does not depend on pino). */
export interface RedisClientLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

export interface RedisClientOptions {
  /**
   * Where connection errors go. Without an 'error' listener ioredis prints an unstructured
   * "[ioredis] Unhandled error event" line to stderr on every failed reconnect; with one, each
   * outage is one warn line, then at most one summary per `errorLogIntervalMs`, and one info
   * line when the client is ready again.
   */
  logger?: RedisClientLogger;
  errorLogIntervalMs?: number;
  /** PEM of the CA that signed a `rediss://` server's certificate, when it is not a public one. */
  tlsCa?: string | Buffer;
  /** Passed to ioredis as is, after the request-path defaults. */
  overrides?: RedisOptions;
}

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
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  // rediss:// turns TLS on (with the system's CAs); a private CA is added to it.
  const tls = options.tlsCa !== undefined && url.startsWith('rediss:') ? { tls: { ca: options.tlsCa } } : {};
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 250,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    ...tls,
    ...options.overrides,
  });
  reportConnectionErrors(client, options.logger, options.errorLogIntervalMs ?? 60_000);
  return client;
}

/**
 * Turns ioredis' per-attempt 'error' events into a few structured lines per outage. Always
 * attached, even without a logger: the listener is what keeps ioredis off stderr.
 */
export function reportConnectionErrors(
  client: Pick<Redis, 'on'>,
  logger: RedisClientLogger | undefined,
  intervalMs: number,
  now: () => number = Date.now,
): void {
  let failing = false;
  let lastLoggedAt = 0;
  let suppressed = 0;
  client.on('error', (err: Error) => {
    if (!logger) return;
    const at = now();
    if (failing && at - lastLoggedAt < intervalMs) {
      suppressed += 1;
      return;
    }
    // The message and code say it all; a connection error's stack is ioredis internals.
    const error = { error: err.message, code: (err as { code?: unknown }).code };
    logger.warn(
      failing ? { ...error, suppressed } : error,
      failing ? 'redis still unreachable; shared limits fall back to per-replica shares' : 'redis unreachable; shared limits fall back to per-replica shares',
    );
    failing = true;
    lastLoggedAt = at;
    suppressed = 0;
  });
  client.on('ready', () => {
    if (!failing) return;
    logger?.info({ suppressed }, 'redis reachable again');
    failing = false;
    suppressed = 0;
  });
}
