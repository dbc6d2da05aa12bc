import type { Redis } from 'ioredis';
import { checkAdmission, type Admission, type AdmissionDecision, type AdmissionRefusal, type AdmissionRequest } from './admission';
import { admissionScript } from './admission-script';

export interface RedisAdmissionOptions {
  /** Prefix of the buckets' keys: the same as the RedisRateLimiter sharing them. */
  prefix?: string;
  /** Prefix of the holds' keys: the same as the RedisHoldStore recording them. */
  holdPrefix?: string;
  /** Most calls decided by one script run (it blocks Redis while it runs). Default 64. */
  maxBatch?: number;
}

/** One call waiting for the next batch: its keys and arguments in the script's layout. */
interface Queued {
  keys: string[];
  args: number[];
  resolve(reply: number[]): void;
  reject(error: unknown): void;
}

/**
 * Admission in Redis: one script decides every quota, hold and pace of a call together
 * (admission-script.ts), atomically across every data-plane replica. Buckets and holds use the
 * key layout of RedisRateLimiter and RedisHoldStore, so those keep working on the same state.
 *
 * The calls that ask within one event-loop turn share one EVALSHA (up to `maxBatch`): one
 * socket write, one reply and one script run for all of them, each call still decided on its
 * own and all-or-nothing, in the order they asked. Written here rather than with ioredis'
 * `enableAutoPipelining`: that batches commands into one write but still runs and answers one
 * script per call, and measured on the data plane's hot path it cost more CPU per call than it
 * saved (318-337 vs 306-314 us per call, bench/data-plane). A call waits at most for the end of
 * the current turn.
 *
 * Redis Cluster: not supported, on purpose. One call's keys (tenant, API key, connection hold,
 * pace bucket) hash to different slots, and a script may only touch keys of one slot. Hash-tagging
 * them by tenant would make it work but pin each tenant's whole traffic to one shard, the
 * opposite of what a cluster is for with a few large tenants. The limiter expects one Redis
 * primary (with replicas and Sentinel for failover if wanted); the client type (`Redis`, not
 * `Cluster`) says so too.
 *
 * Errors (Redis down, timeout) reject every call of the batch; FallbackAdmission decides what
 * happens then.
 */
export class RedisAdmission implements Admission {
  private readonly prefix: string;
  private readonly holdPrefix: string;
  private readonly maxBatch: number;
  private queue: Queued[] = [];
  private scheduled = false;

  constructor(
    private readonly redis: Redis,
    options: RedisAdmissionOptions = {},
  ) {
    this.prefix = options.prefix ?? 'causeway:rl:';
    this.holdPrefix = options.holdPrefix ?? 'causeway:hold:';
    this.maxBatch = options.maxBatch ?? 64;
    if (!(this.maxBatch >= 1)) throw new RangeError('maxBatch must be at least 1');
  }

  async decide<S extends string>(request: AdmissionRequest<S>): Promise<AdmissionDecision<S>> {
    const takes = checkAdmission(request);
    const holds = request.holds ?? [];
    if (holds.length === 0 && takes.length === 0) return { allowed: true };
    const keys: string[] = [];
    for (const hold of holds) keys.push(this.holdPrefix + hold.key);
    for (const take of takes) keys.push(this.prefix + take.key);
    const args: number[] = [request.now ?? -1, keys.length, holds.length];
    for (const take of takes) args.push(take.intervalMs, take.burst, take.cost);
    const reply = await this.enqueue(keys, args);
    if (reply[0] === 1) return { allowed: true };
    const scopes = [...holds.map((h) => h.scope), ...(request.takes ?? []).map((t) => t.scope)];
    const refused: AdmissionRefusal<S>[] = [];
    for (let i = 2; i < reply.length; i += 2) refused.push({ scope: scopes[reply[i] - 1], retryAfterMs: reply[i + 1] });
    return { allowed: false, retryAfterMs: reply[1], refused };
  }

  private enqueue(keys: string[], args: number[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ keys, args, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the I/O callbacks of this turn: every call that asked in it joins the batch.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const queued = this.queue;
    this.queue = [];
    for (let from = 0; from < queued.length; from += this.maxBatch) void this.send(queued.slice(from, from + this.maxBatch));
  }

  private async send(batch: Queued[]): Promise<void> {
    const keys: string[] = [];
    const args: number[] = [];
    for (const call of batch) {
      for (const key of call.keys) keys.push(key);
      for (const arg of call.args) args.push(arg);
    }
    let replies: number[][];
    try {
      replies = (await admissionScript.run(this.redis, keys, args)) as number[][];
    } catch (error) {
      for (const call of batch) call.reject(error);
      return;
    }
    batch.forEach((call, i) => call.resolve(replies[i]));
  }
}
