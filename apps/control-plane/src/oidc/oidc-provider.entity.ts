import { Column, Entity, Unique } from 'typeorm';
import { TenantOwned } from '../common/tenant-owned.entity';

/**
 * A tenant's OpenID Connect provider for console sign-in; one per tenant. The client secret
 * lives in the secret store under `clientSecretPath`, never in this table.
 */
@Entity({ name: 'oidc_providers' })
@Unique('oidc_providers_tenant_uq', ['tenantId'])
export class OidcProvider extends TenantOwned {
  /** Exactly as the provider's discovery document spells it; ID tokens must carry it as `iss`. */
  @Column({ type: 'text' })
  issuer!: string;

  @Column({ type: 'text', name: 'client_id' })
  clientId!: string;

  @Column({ type: 'text', name: 'client_secret_path' })
  clientSecretPath!: string;

  /** Lower-cased email domains allowed to sign in; null allows any. */
  @Column({ type: 'text', array: true, name: 'allowed_domains', nullable: true })
  allowedDomains!: string[] | null;

  /** Role of users created at their first sign-in; null admits existing members only. */
  @Column({ type: 'text', name: 'default_role', nullable: true })
  defaultRole!: string | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;
}
