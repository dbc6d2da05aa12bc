import type { DataSource } from 'typeorm';

/**
 * Serialises token refreshes of one connection across every data-plane replica, so a
 * provider that rotates refresh tokens (Atlassian, Slack with rotation, GitHub Apps) sees
 * exactly one refresh per expiry. A Postgres session advisory lock: released by the
 * database if the holder dies, so a crashed replica cannot block a connection forever.
 */
export interface RefreshLock {
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export class PostgresRefreshLock implements RefreshLock {
  constructor(
    private readonly dataSource: DataSource,
    private readonly waitMs = 10_000,
  ) {}

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const deadline = Date.now() + this.waitMs;
      // Poll with try-lock rather than a blocking lock: PGlite serialises statements, and a
      // blocked statement there would stall every other query of the process.
      while (!(await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]))[0].ok) {
        if (Date.now() > deadline) throw new Error('timed out waiting for a token refresh by another replica');
        await new Promise((r) => setTimeout(r, 25));
      }
      try {
        return await fn();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }
}
