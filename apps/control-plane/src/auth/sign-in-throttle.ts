import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { AuthError, AuthErrorCode } from './auth.errors';

/**
 * Brute-force protection for password sign-in, shared by every replica through Postgres:
 * per account, 5 failures per 15 minutes; per client address, 30 attempts per minute.
 * The table is created by our migrations (`sign_in_throttle`), not by the library.
 */
export class SignInThrottle {
  private readonly perAccount: RateLimiterAbstract;
  private readonly perAddress: RateLimiterAbstract;

  /**
   * `memory` is for the embedded default: one process, and PGlite serves every pool connection
   * from one backend, where the library's named prepared statements would collide.
   */
  constructor(dataSource: DataSource, schema: string, store: 'postgres' | 'memory' = 'postgres') {
    const account = { keyPrefix: 'acct', points: 5, duration: 15 * 60, blockDuration: 15 * 60 };
    const address = { keyPrefix: 'addr', points: 30, duration: 60 };
    if (store === 'memory') {
      this.perAccount = new RateLimiterMemory(account);
      this.perAddress = new RateLimiterMemory(address);
      return;
    }
    // TypeORM's postgres driver exposes its pg Pool as `master`.
    const pool = (dataSource.driver as unknown as { master: unknown }).master;
    const common = { storeClient: pool, storeType: 'pool', schemaName: schema, tableName: 'sign_in_throttle', tableCreated: true, clearExpiredByTimeout: true };
    this.perAccount = new RateLimiterPostgres({ ...common, ...account });
    this.perAddress = new RateLimiterPostgres({ ...common, ...address });
  }

  /** Refuses the attempt when either bucket is exhausted; counts it against the address. */
  async beforeAttempt(email: string, address: string): Promise<void> {
    const account = await this.perAccount.get(email);
    if (account && account.remainingPoints <= 0) throw throttled(account.msBeforeNext);
    try {
      await this.perAddress.consume(address);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw throttled(error.msBeforeNext);
      throw error;
    }
  }

  async failed(email: string): Promise<void> {
    await this.perAccount.penalty(email, 1).catch(() => undefined);
  }

  async succeeded(email: string): Promise<void> {
    await this.perAccount.delete(email).catch(() => undefined);
  }
}

function throttled(msBeforeNext: number) {
  return new AuthError(AuthErrorCode.Throttled, 'too many sign-in attempts; try again later', Math.max(1000, msBeforeNext));
}
