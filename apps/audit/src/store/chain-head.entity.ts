import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The head of one tenant's hash chain. Writers lock this row (`FOR UPDATE`) before they
 * extend the chain, so sequence numbers stay gap-free and unique however many consumers
 * and partitions deliver the tenant's events. The only mutable row in the audit schema.
 */
@Entity({ name: 'chain_heads' })
export class ChainHead {
  @PrimaryColumn({ type: 'text', name: 'tenant_id' })
  tenantId!: string;

  /** Sequence number of the last stored event; 0 before the first. */
  @Column({ type: 'bigint' })
  seq!: string;

  /** Hash of the last stored event; 32 zero bytes before the first. */
  @Column({ type: 'bytea' })
  hash!: Buffer;

  /** `stored_at` of the last event: later events never get an earlier one (see partitions). */
  @Column({ type: 'timestamptz', name: 'last_stored_at', nullable: true })
  lastStoredAt!: Date | null;
}
