import { Column, Entity, Unique } from 'typeorm';
import { TenantOwned } from '../common/tenant-owned.entity';

/**
 * A tenant's own OAuth app (client) for one provider: each tenant brings its own client id
 * and secret. The secret lives in the secret store at `tenants/{tenantId}/oauth-apps/{provider}`.
 */
@Entity({ name: 'oauth_apps' })
@Unique('oauth_apps_tenant_provider_uq', ['tenantId', 'provider'])
export class OAuthApp extends TenantOwned {
  @Column({ type: 'text' })
  provider!: string;

  @Column({ type: 'text', name: 'client_id' })
  clientId!: string;

  /**
   * Vendor endpoint overrides (simulators): authorizeUrl, tokenUrl, revokeUrl, discoveryUrl. For
   * `generic_oauth2`, the tenant's own server: those plus issuer, userinfoUrl and apiBaseUrl.
   */
  @Column({ type: 'jsonb', name: 'endpoint_overrides', nullable: true })
  endpointOverrides!: Record<string, string> | null;

  @Column({ type: 'uuid', name: 'configured_by' })
  configuredBy!: string;
}
