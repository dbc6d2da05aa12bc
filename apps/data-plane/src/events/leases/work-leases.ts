import type { DataSource } from 'typeorm';

/**
 * Leases on named pieces of background work, shared by the data-plane replicas through their
 * database: a row (name, owner, expiry) per piece. Taking one is a single conditional upsert, so
 * two replicas racing for it get one winner on Postgres and on PGlite alike, without a
 * transaction held open while the work runs. Time comes from the caller's clock (injectable, as
 * in libs/resilience), never from the database, so tests move it instead of sleeping.
 */
export class WorkLeases {
  constructor(
    private readonly dataSource: DataSource,
    /** Who takes the leases: one id per replica and worker. */
    readonly owner: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes `name` until now + `ttlMs` when nobody holds it or its holder's lease has expired.
   * With `renew`, its current holder (this owner) extends it too; without, even the holder
   * waits for its expiry — a lease used as "not before" (a trigger rests between polls).
   * True when this owner holds it now.
   */
  async take(name: string, ttlMs: number, { renew = true }: { renew?: boolean } = {}): Promise<boolean> {
    const now = this.now();
    const rows = (await this.dataSource.query(
      `INSERT INTO data_plane.work_leases (name, owner, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
        WHERE data_plane.work_leases.expires_at <= $4 OR ($5 AND data_plane.work_leases.owner = EXCLUDED.owner)
       RETURNING name`,
      [name, this.owner, new Date(now + ttlMs), new Date(now), renew],
    )) as unknown[];
    return rows.length === 1;
  }

  /** Sets the expiry of a lease this owner holds to now + `ms` (0 frees it); false when it is no longer ours. */
  async holdFor(name: string, ms: number): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(`UPDATE data_plane.work_leases SET expires_at = $3 WHERE name = $1 AND owner = $2`, [
      name,
      this.owner,
      new Date(this.now() + ms),
    ])) as [unknown[], number];
    return affected === 1;
  }

  /** Who holds `name` and until when, if anyone does now. */
  async holder(name: string): Promise<{ owner: string; expiresAt: Date } | undefined> {
    const [row] = (await this.dataSource.query(`SELECT owner, expires_at FROM data_plane.work_leases WHERE name = $1 AND expires_at > $2`, [
      name,
      new Date(this.now()),
    ])) as { owner: string; expires_at: Date }[];
    return row ? { owner: row.owner, expiresAt: new Date(row.expires_at) } : undefined;
  }
}
