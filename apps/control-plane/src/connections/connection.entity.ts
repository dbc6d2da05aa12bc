import { Column, Entity, Index } from 'typeorm';
import { TenantOwned } from '../common/tenant-owned.entity';

export type ConnectionKind = 'shared' | 'user';
export type ConnectionStatus = 'active' | 'needs_reauth' | 'error';

/**
 * A tenant's link to one provider account. The credential itself lives in the secret store
 * (`tenants/{tenantId}/connections/{id}`); this row holds only what admins may see about it.
 */
@Entity({ name: 'connections' })
@Index('connections_tenant_owner_idx', ['tenantId', 'ownerUserId'])
export class Connection extends TenantOwned {
  @Column({ type: 'text' })
  provider!: string;

  @Column({ type: 'text' })
  name!: string;

  /** One of the provider definition's auth modes, e.g. `oauth2` or `personal_access_token`. */
  @Column({ type: 'text', name: 'auth_mode' })
  authMode!: string;

  /** `shared`: a service account for the tenant; `user`: one end user's own account. */
  @Column({ type: 'text' })
  kind!: ConnectionKind;

  /** The Causeway user who owns a `user` connection. */
  @Column({ type: 'uuid', name: 'owner_user_id', nullable: true })
  ownerUserId!: string | null;

  /** For end users known only to the tenant's own system (`onBehalfOf` values). */
  @Column({ type: 'text', name: 'external_user_ref', nullable: true })
  externalUserRef!: string | null;

  @Column({ type: 'text', default: 'active' })
  status!: ConnectionStatus;

  @Column({ type: 'text', name: 'status_reason', nullable: true })
  statusReason!: string | null;

  /** Connection parameters the provider's URLs need (`cloudId`, `instanceUrl`). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  params!: Record<string, string>;

  /** Server URL overrides (simulators); only accepted where the operator allows them. */
  @Column({ type: 'jsonb', name: 'server_overrides', nullable: true })
  serverOverrides!: Record<string, string> | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  scopes!: string[];

  @Column({ type: 'uuid', name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'timestamptz', name: 'credential_created_at' })
  credentialCreatedAt!: Date;

  @Column({ type: 'timestamptz', name: 'credential_rotated_at', nullable: true })
  credentialRotatedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'credential_expires_at', nullable: true })
  credentialExpiresAt!: Date | null;
}
