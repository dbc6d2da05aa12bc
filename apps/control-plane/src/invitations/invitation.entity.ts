import { Column, Entity, Index } from 'typeorm';
import { TenantOwned } from '../common/tenant-owned.entity';

/**
 * A standing offer to join a tenant with a role. Only the SHA-256 of its token is stored; the
 * token travels in the link the inviter hands over (or the notifier sends) and works once.
 */
@Entity({ name: 'invitations' })
export class Invitation extends TenantOwned {
  /** Lower-cased. Whoever accepts must own this email's account, or create it. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'uuid', name: 'role_id' })
  roleId!: string;

  @Index({ unique: true })
  @Column({ type: 'text', name: 'token_hash' })
  tokenHash!: string;

  /** Who invited: a user id or, for a tenant's first owner, the operator. */
  @Column({ type: 'text', name: 'invited_by' })
  invitedBy!: string;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', name: 'accepted_at', nullable: true })
  acceptedAt!: Date | null;

  @Column({ type: 'uuid', name: 'accepted_by', nullable: true })
  acceptedBy!: string | null;
}
