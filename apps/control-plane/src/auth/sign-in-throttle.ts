import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuthError, AuthErrorCode } from './auth.errors';

/**
 * Brute-force protection for password sign-in (docs/security.md, "Accounts and sign-in").
 * Every attempt is counted before its password is checked, in one atomic step, so parallel
 * guesses cannot all slip under a limit:
 * - per account and address: 5 attempts per 15 minutes; a success clears the count. A stranger
 *   who fails at someone's account locks only their own address out of it, never the user.
 * - per address: 50 attempts per 15 minutes across all accounts (password spraying); a
 *   success gives its attempt back, so an office behind one NAT is not throttled for signing in.
 */
export const signInLimits = {
  perAccountAndAddress: { attempts: 5, windowMs: 15 * 60_000 },
  perAddress: { attempts: 50, windowMs: 15 * 60_000 },
};

/** Counts in fixed windows; `increment` must be atomic across every replica sharing the store. */
export interface AttemptCounter {
  increment(key: string, windowMs: number, now: number): Promise<{ count: number; resetsAt: number }>;
  giveBack(key: string): Promise<void>;
  clear(key: string): Promise<void>;
}

/**
 * Shared by replicas through Postgres: one INSERT … ON CONFLICT DO UPDATE … RETURNING per
 * count, so concurrent attempts serialize on the row. The table is the migrations'
 * `sign_in_throttle` (key, points, expire in epoch ms).
 */
export class PostgresAttemptCounter implements AttemptCounter {
  private readonly table: string;
  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.table = `"${schema}"."sign_in_throttle"`;
  }

  async increment(key: string, windowMs: number, now: number) {
    const rows: { points: number; expire: string }[] = await this.dataSource.query(
      `INSERT INTO ${this.table} AS t (key, points, expire) VALUES ($1, 1, $2::bigint + $3::bigint)
       ON CONFLICT (key) DO UPDATE SET
         points = CASE WHEN COALESCE(t.expire, 0) <= $2::bigint THEN 1 ELSE t.points + 1 END,
         expire = CASE WHEN COALESCE(t.expire, 0) <= $2::bigint THEN $2::bigint + $3::bigint ELSE t.expire END
       RETURNING points, expire`,
      [key, now, windowMs],
    );
    return { count: Number(rows[0].points), resetsAt: Number(rows[0].expire) };
  }

  async giveBack(key: string) {
    await this.dataSource.query(`UPDATE ${this.table} SET points = GREATEST(points - 1, 0) WHERE key = $1`, [key]);
  }

  async clear(key: string) {
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE key = $1`, [key]);
  }
}

/** For the embedded default (one process): the event loop makes each step atomic. */
export class MemoryAttemptCounter implements AttemptCounter {
  private readonly counts = new Map<string, { count: number; resetsAt: number }>();

  async increment(key: string, windowMs: number, now: number) {
    const current = this.counts.get(key);
    const next = !current || current.resetsAt <= now ? { count: 1, resetsAt: now + windowMs } : { count: current.count + 1, resetsAt: current.resetsAt };
    this.counts.set(key, next);
    if (this.counts.size > 100_000) this.sweep(now);
    return next;
  }

  async giveBack(key: string) {
    const current = this.counts.get(key);
    if (current && current.count > 0) current.count -= 1;
  }

  async clear(key: string) {
    this.counts.delete(key);
  }

  private sweep(now: number) {
    for (const [key, entry] of this.counts) if (entry.resetsAt <= now) this.counts.delete(key);
  }
}

/** Keys are hashed: the table holds no emails or addresses, and any email fits its column. */
const keyOf = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex');

export class SignInThrottle {
  constructor(
    private readonly counter: AttemptCounter,
    private readonly clock: () => number = Date.now,
    private readonly limits = signInLimits,
  ) {}

  /** Counts the attempt against both buckets; refuses it, unchecked, when either is over its limit. */
  async beforeAttempt(email: string, address: string): Promise<void> {
    const now = this.clock();
    const byAddress = await this.counter.increment(keyOf('addr', address), this.limits.perAddress.windowMs, now);
    if (byAddress.count > this.limits.perAddress.attempts) throw throttled(byAddress.resetsAt - now);
    const byPair = await this.counter.increment(keyOf('pair', email, address), this.limits.perAccountAndAddress.windowMs, now);
    if (byPair.count > this.limits.perAccountAndAddress.attempts) throw throttled(byPair.resetsAt - now);
  }

  async succeeded(email: string, address: string): Promise<void> {
    await this.counter.clear(keyOf('pair', email, address));
    await this.counter.giveBack(keyOf('addr', address));
  }
}

function throttled(msBeforeNext: number) {
  return new AuthError(AuthErrorCode.Throttled, 'too many sign-in attempts; try again later', Math.max(1000, msBeforeNext));
}
