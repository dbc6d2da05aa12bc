import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run with EVALSHA, falling back to EVAL (which also caches it server-side)
 * when Redis answers NOSCRIPT: after a restart, a failover or SCRIPT FLUSH. The script body
 * crosses the wire once per server, not once per call.
 *
 * ioredis' `defineCommand` does the same but adds an untyped method to the client; this keeps
 * the call typed and the client untouched.
 */
export class RedisScript {
  readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: Redis, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}
