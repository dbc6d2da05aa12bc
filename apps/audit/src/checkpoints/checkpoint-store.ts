import type { DataSource } from 'typeorm';
import type { SignedCheckpoint } from './checkpoint';

interface CheckpointRow {
  tenant_id: string;
  seq: string;
  head_hash: Buffer;
  created_at: Date;
  key_id: string;
  signature: Buffer;
}

function toCheckpoint(row: CheckpointRow): SignedCheckpoint {
  return {
    tenantId: row.tenant_id,
    seq: Number(row.seq),
    headHash: row.head_hash.toString('hex'),
    createdAt: row.created_at.toISOString(),
    keyId: row.key_id,
    signature: row.signature.toString('base64'),
  };
}

/** Checkpoints are append-only like the events: inserted once per (tenant, seq), never changed. */
export class CheckpointStore {
  constructor(private readonly db: DataSource) {}

  /** Tenants whose head moved past their latest checkpoint, with that head. */
  async headsPastLatestCheckpoint(): Promise<{ tenantId: string; seq: number; hash: Buffer }[]> {
    const rows: { tenant_id: string; seq: string; hash: Buffer }[] = await this.db.query(
      `SELECT h.tenant_id, h.seq, h.hash FROM audit.chain_heads h
        WHERE h.seq > COALESCE((SELECT max(c.seq) FROM audit.checkpoints c WHERE c.tenant_id = h.tenant_id), 0)`,
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, seq: Number(r.seq), hash: r.hash }));
  }

  /** Replicas may sign the same head; the first one wins and the others are no-ops. */
  async insert(checkpoints: SignedCheckpoint[]): Promise<number> {
    if (checkpoints.length === 0) return 0;
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO audit.checkpoints (tenant_id, seq, head_hash, created_at, key_id, signature)
       SELECT * FROM unnest($1::text[], $2::int8[], $3::bytea[], $4::timestamptz[], $5::text[], $6::bytea[])
       ON CONFLICT DO NOTHING RETURNING seq`,
      [
        checkpoints.map((c) => c.tenantId),
        checkpoints.map((c) => c.seq),
        checkpoints.map((c) => Buffer.from(c.headHash, 'hex')),
        checkpoints.map((c) => c.createdAt),
        checkpoints.map((c) => c.keyId),
        checkpoints.map((c) => Buffer.from(c.signature, 'base64')),
      ],
    );
    return inserted.length;
  }

  /** A tenant's checkpoints with `fromSeq <= seq <= toSeq`, oldest first. */
  async inRange(tenantId: string, fromSeq: number, toSeq = Number.MAX_SAFE_INTEGER): Promise<SignedCheckpoint[]> {
    const rows: CheckpointRow[] = await this.db.query(
      `SELECT tenant_id, seq, head_hash, created_at, key_id, signature FROM audit.checkpoints
        WHERE tenant_id = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq`,
      [tenantId, fromSeq, toSeq],
    );
    return rows.map(toCheckpoint);
  }

  /** Newest first, for the query API. */
  async page(tenantId: string, first: number, beforeSeq?: number): Promise<SignedCheckpoint[]> {
    const rows: CheckpointRow[] = await this.db.query(
      `SELECT tenant_id, seq, head_hash, created_at, key_id, signature FROM audit.checkpoints
        WHERE tenant_id = $1 AND ($2::int8 IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3`,
      [tenantId, beforeSeq ?? null, first],
    );
    return rows.map(toCheckpoint);
  }

  async latest(tenantId: string): Promise<SignedCheckpoint | undefined> {
    return (await this.page(tenantId, 1))[0];
  }
}
