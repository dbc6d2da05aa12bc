import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where retention cut a tenant's chain: the last sequence number and hash of a dropped
 * partition. Verification starts after it, so a missing first event is still a break and
 * not mistaken for retention.
 */
@Entity({ name: 'chain_prunes' })
export class ChainPrune {
  @PrimaryColumn({ type: 'text', name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn({ type: 'bigint', name: 'through_seq' })
  throughSeq!: string;

  @Column({ type: 'bytea', name: 'through_hash' })
  throughHash!: Buffer;

  @Column({ type: 'text', name: 'partition_name' })
  partitionName!: string;

  @Column({ type: 'timestamptz', name: 'pruned_at' })
  prunedAt!: Date;
}
