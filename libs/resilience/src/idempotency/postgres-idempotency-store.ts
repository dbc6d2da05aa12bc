import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { quoteIdent } from './idempotency-keys.migration';
import {
  checkIdempotencyKey,
  IDEMPOTENCY_DEFAULTS,
  type BeginOptions,
  type BeginResult,
  type IdempotencyScope,
  type IdempotencyStore,
  type IdempotencyStoreOptions,
  type StoredResponse,
} from './idempotency-store';

export interface PostgresIdempotencyStoreOptions extends IdempotencyStoreOptions {
  /** Schema holding `idempotency_keys`; defaults to the DataSource's own schema. */
  schema?: string;
}

/**
 * Idempotency keys in Postgres, shared by every data-plane replica.
 *
 * `begin` is one INSERT .. ON CONFLICT DO UPDATE .. WHERE: the row for a key is created (or
 * reused, when its retention ran out) by exactly one statement; every
 * concurrent duplicate blocks on that row until the winner commits, finds the condition false
 * and gets nothing back, then reads the row to learn what it is (in flight, replay, mismatch, abandoned).
 * All instants are the database's `now()`, one clock for all replicas.
 *
 * Works on PGlite (the embedded default) as well: plain SQL, no extensions.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  private readonly table: string;
  private readonly retentionMs: number;
  private readonly defaultLeaseMs: number;

  constructor(
    private readonly dataSource: DataSource,
    options: PostgresIdempotencyStoreOptions = {},
  ) {
    const schema = options.schema ?? (dataSource.options as { schema?: string }).schema ?? 'public';
    this.table = `${quoteIdent(schema)}.${quoteIdent('idempotency_keys')}`;
    this.retentionMs = options.retentionMs ?? IDEMPOTENCY_DEFAULTS.retentionMs;
    this.defaultLeaseMs = options.defaultLeaseMs ?? IDEMPOTENCY_DEFAULTS.defaultLeaseMs;
  }

  async begin(scope: IdempotencyScope, key: string, requestHash: string, options: BeginOptions = {}): Promise<BeginResult> {
    checkIdempotencyKey(key);
    const leaseMs = options.leaseMs ?? this.defaultLeaseMs;
    // A row can vanish between the two statements (released by fail(), purged): try again.
    for (let round = 0; round < 5; round++) {
      const lease = randomUUID();
      const claimed: Array<{ lease_token: string }> = await this.dataSource.query(
        `INSERT INTO ${this.table} AS t
           (tenant_id, api_key_id, key, request_hash, state, lease_token, lease_expires_at, response, created_at, completed_at, expires_at)
         VALUES ($1, $2, $3, $4, 'in_flight', $5, now() + $6::float8 * interval '1 millisecond', NULL, now(), NULL, now() + $7::float8 * interval '1 millisecond')
         ON CONFLICT (tenant_id, api_key_id, key) DO UPDATE SET
           request_hash = EXCLUDED.request_hash, state = 'in_flight', lease_token = EXCLUDED.lease_token,
           lease_expires_at = EXCLUDED.lease_expires_at, response = NULL, created_at = EXCLUDED.created_at,
           completed_at = NULL, expires_at = EXCLUDED.expires_at
         WHERE t.expires_at <= now()
         RETURNING lease_token`,
        [scope.tenantId, scope.apiKeyId, key, requestHash, lease, leaseMs, this.retentionMs],
      );
      if (claimed.length === 1) return { kind: 'new', lease };

      const rows: Array<{ request_hash: string; state: string; response: StoredResponse | null; lease_left_ms: string; lease_expired: boolean }> =
        await this.dataSource.query(
          `SELECT request_hash, state, response, lease_expires_at <= now() AS lease_expired,
                GREATEST(0, CEIL(EXTRACT(EPOCH FROM (lease_expires_at - now())) * 1000))::bigint AS lease_left_ms
           FROM ${this.table}
          WHERE tenant_id = $1 AND api_key_id = $2 AND key = $3 AND expires_at > now()`,
          [scope.tenantId, scope.apiKeyId, key],
        );
      const row = rows[0];
      if (!row) continue;
      if (row.request_hash !== requestHash) return { kind: 'mismatch' };
      if (row.state === 'completed') return { kind: 'replay', response: row.response! };
      if (row.lease_expired) return { kind: 'abandoned' };
      return { kind: 'in_flight', retryAfterMs: Number(row.lease_left_ms ?? 0) };
    }
    throw new Error('idempotency key kept changing under begin(); giving up');
  }

  async complete(scope: IdempotencyScope, key: string, lease: string, response: StoredResponse): Promise<boolean> {
    return this.affectedOne(
      `UPDATE ${this.table}
          SET state = 'completed', response = $5::jsonb, completed_at = now(), lease_token = NULL, lease_expires_at = NULL,
              expires_at = now() + $6::float8 * interval '1 millisecond'
        WHERE tenant_id = $1 AND api_key_id = $2 AND key = $3 AND state = 'in_flight' AND lease_token = $4
        RETURNING 1`,
      [scope.tenantId, scope.apiKeyId, key, lease, JSON.stringify(response), this.retentionMs],
    );
  }

  async fail(scope: IdempotencyScope, key: string, lease: string): Promise<boolean> {
    return this.affectedOne(
      `DELETE FROM ${this.table}
        WHERE tenant_id = $1 AND api_key_id = $2 AND key = $3 AND state = 'in_flight' AND lease_token = $4
        RETURNING 1`,
      [scope.tenantId, scope.apiKeyId, key, lease],
    );
  }

  async purgeExpired(limit = 10_000): Promise<number> {
    const rows: Array<{ n: number }> = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM ${this.table} WHERE ctid IN (SELECT ctid FROM ${this.table} WHERE expires_at <= now() LIMIT $1) RETURNING 1
       ) SELECT count(*)::int AS n FROM gone`,
      [limit],
    );
    return rows[0].n;
  }

  /**
   * Runs a data-modifying statement inside a CTE so the driver answers plain rows (TypeORM's
   * postgres driver answers `[rows, count]` for a bare UPDATE or DELETE).
   */
  private async affectedOne(statement: string, params: unknown[]): Promise<boolean> {
    const rows: Array<{ n: number }> = await this.dataSource.query(`WITH changed AS (${statement}) SELECT count(*)::int AS n FROM changed`, params);
    return rows[0].n === 1;
  }
}
