import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One idempotency key of one API key of one tenant. The table lives in the schema of the
 * DataSource that registers this entity (the data plane's `data_plane`); the migration
 * `IdempotencyKeys1795400000000` creates it there.
 */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_expires_at_idx', ['expiresAt'])
export class IdempotencyKeyRow {
  @PrimaryColumn({ type: 'uuid', name: 'tenant_id', primaryKeyConstraintName: 'idempotency_keys_pkey' })
  tenantId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'api_key_id', primaryKeyConstraintName: 'idempotency_keys_pkey' })
  apiKeyId!: string;

  @PrimaryColumn({ type: 'varchar', length: 255, name: 'key', primaryKeyConstraintName: 'idempotency_keys_pkey' })
  key!: string;

  /** SHA-256 hex of the canonical request as the agent sent it (tool, named connection and user, input). */
  @Column({ type: 'text', name: 'request_hash' })
  requestHash!: string;

  @Column({ type: 'text' })
  state!: 'in_flight' | 'completed';

  /** The owner's token while in flight. */
  @Column({ type: 'uuid', name: 'lease_token', nullable: true })
  leaseToken!: string | null;

  @Column({ type: 'timestamptz', name: 'lease_expires_at', nullable: true })
  leaseExpiresAt!: Date | null;

  /** `{ status, body }` to replay, once completed. */
  @Column({ type: 'jsonb', nullable: true })
  response!: { status: number; body: unknown } | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  /** After this instant the row is ignored (a new request may reuse the key) and purged. */
  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;
}
