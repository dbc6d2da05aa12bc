import type { DataSource } from 'typeorm';
import { GENESIS_HASH } from '../chain/hash-chain';
import type { EventReader } from './event-reader';

/** Where retention last cut a tenant's chain, if it did. */
export async function lastPrune(db: DataSource, tenantId: string): Promise<{ seq: number; hash: Buffer } | undefined> {
  const [row]: { through_seq: string; through_hash: Buffer }[] = await db.query(
    'SELECT through_seq, through_hash FROM audit.chain_prunes WHERE tenant_id = $1 ORDER BY through_seq DESC LIMIT 1',
    [tenantId],
  );
  return row ? { seq: Number(row.through_seq), hash: row.through_hash } : undefined;
}

/**
 * The hash that event `seq` links to: the genesis hash, the hash recorded where retention
 * cut, or the stored hash of `seq - 1` (undefined when that row is missing).
 */
export async function hashBefore(
  reader: EventReader,
  tenantId: string,
  seq: number,
  prune: { seq: number; hash: Buffer } | undefined,
): Promise<Buffer | undefined> {
  if (seq === 1) return GENESIS_HASH;
  if (prune && seq === prune.seq + 1) return prune.hash;
  return reader.hashAt(tenantId, seq - 1);
}
