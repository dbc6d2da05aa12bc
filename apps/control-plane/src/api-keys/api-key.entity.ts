import { Column, Entity, Index } from 'typeorm';
import { TenantOwned } from '../common/tenant-owned.entity';

/**
 * An agent's credential. Only keyed hashes of the secret are stored (HMAC-SHA-256 with a
 * server-side pepper); the secret itself is shown once, at creation or rotation.
 */
@Entity({ name: 'api_keys' })
export class ApiKey extends TenantOwned {
  @Column({ type: 'text' })
  name!: string;

  /** Public, unique lookup part of the key (`cw_<prefix>_<secret>`). */
  @Index({ unique: true })
  @Column({ type: 'text' })
  prefix!: string;

  @Column({ type: 'text', name: 'secret_hash', select: false })
  secretHash!: string;

  /** After a rotation, the old secret stays valid until `previousValidUntil`. */
  @Column({ type: 'text', name: 'previous_secret_hash', nullable: true, select: false })
  previousSecretHash!: string | null;

  @Column({ type: 'timestamptz', name: 'previous_valid_until', nullable: true })
  previousValidUntil!: Date | null;

  @Column({ type: 'jsonb' })
  scopes!: string[];

  @Column({ type: 'uuid', name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  /** Null means any connection / tool the scopes allow. */
  @Column({ type: 'jsonb', name: 'allowed_connections', nullable: true })
  allowedConnections!: string[] | null;

  @Column({ type: 'jsonb', name: 'allowed_tools', nullable: true })
  allowedTools!: string[] | null;

  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
