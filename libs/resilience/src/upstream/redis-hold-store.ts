import type { Redis } from 'ioredis';
import { RedisScript } from '../common/redis-script';
import type { UpstreamHoldStore } from './hold-store';

/** Extends the key's TTL to ARGV[1] ms unless it already lives longer: "keep the max", atomically. */
const HOLD_LUA = `
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
end
return 1
`;
const holdScript = new RedisScript(HOLD_LUA);

/**
 * Holds shared by every data-plane replica: one key per upstream key whose TTL *is* the hold
 * (SET .. PX, kept at the max). Reading it is one PTTL, measured on Redis' clock.
 */
export class RedisHoldStore implements UpstreamHoldStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.prefix = options.prefix ?? 'causeway:hold:';
  }

  async holdFor(key: string, ms: number): Promise<void> {
    if (!(ms > 0)) return;
    await holdScript.run(this.redis, [this.prefix + key], [Math.ceil(ms)]);
  }

  async remainingMs(key: string): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.prefix + key));
  }
}
