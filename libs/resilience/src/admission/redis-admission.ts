import type { Redis } from 'ioredis';
import { checkAdmission, type Admission, type AdmissionDecision, type AdmissionRefusal, type AdmissionRequest } from './admission';
import { admissionScript } from './admission-script';

export interface RedisAdmissionOptions {
  /** Prefix of the buckets' keys: the same as the RedisRateLimiter sharing them. */
  prefix?: string;
  /** Prefix of the holds' keys: the same as the RedisHoldStore recording them. */
  holdPrefix?: string;
}

/**
 * Admission in Redis: one EVALSHA per call decides every quota, hold and pace together
 * (admission-script.ts), atomically across every data-plane replica. Buckets and holds use the
 * key layout of RedisRateLimiter and RedisHoldStore, so those keep working on the same state.
 *
 * Redis Cluster: not supported, on purpose. One call's keys (tenant, API key, connection hold,
 * pace bucket) hash to different slots, and a script may only touch keys of one slot. Hash-tagging
 * them by tenant would make it work but pin each tenant's whole traffic to one shard, the
 * opposite of what a cluster is for with a few large tenants. The limiter expects one Redis
 * primary (with replicas and Sentinel for failover if wanted); the client type (`Redis`, not
 * `Cluster`) says so too.
 *
 * Errors (Redis down, timeout) propagate; FallbackAdmission decides what happens then.
 */
export class RedisAdmission implements Admission {
  private readonly prefix: string;
  private readonly holdPrefix: string;

  constructor(
    private readonly redis: Redis,
    options: RedisAdmissionOptions = {},
  ) {
    this.prefix = options.prefix ?? 'causeway:rl:';
    this.holdPrefix = options.holdPrefix ?? 'causeway:hold:';
  }

  async decide<S extends string>(request: AdmissionRequest<S>): Promise<AdmissionDecision<S>> {
    const takes = checkAdmission(request);
    const holds = request.holds ?? [];
    if (holds.length === 0 && takes.length === 0) return { allowed: true };
    const keys: string[] = [];
    for (const hold of holds) keys.push(this.holdPrefix + hold.key);
    for (const take of takes) keys.push(this.prefix + take.key);
    const args: number[] = [request.now ?? -1, holds.length];
    for (const take of takes) args.push(take.intervalMs, take.burst, take.cost);
    const reply = (await admissionScript.run(this.redis, keys, args)) as number[];
    if (reply[0] === 1) return { allowed: true };
    const scopes = [...holds.map((h) => h.scope), ...(request.takes ?? []).map((t) => t.scope)];
    const refused: AdmissionRefusal<S>[] = [];
    for (let i = 2; i < reply.length; i += 2) refused.push({ scope: scopes[reply[i] - 1], retryAfterMs: reply[i + 1] });
    return { allowed: false, retryAfterMs: reply[1], refused };
  }
}
