import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An Ed25519-signed statement that a tenant's chain had `headHash` at `seq` at `createdAt`. */
@Entity({ name: 'checkpoints' })
export class CheckpointRecord {
  @PrimaryColumn({ type: 'text', name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'bytea', name: 'head_hash' })
  headHash!: Buffer;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  /** Which signing key made `signature` (first 16 hex of SHA-256 over its SPKI DER). */
  @Column({ type: 'text', name: 'key_id' })
  keyId!: string;

  @Column({ type: 'bytea' })
  signature!: Buffer;
}
