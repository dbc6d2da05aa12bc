import { Column, Entity, Index } from 'typeorm';
import { TenantOwned } from '../common/tenant-owned.entity';

/**
 * `registered`: the provider holds a hook pointing at the connection's inbound URL; `failed`:
 * the last attempt was refused (nothing kept at the provider or in the secret store);
 * `manual`: the provider has no API for it, or the admin set the secret themselves.
 */
export type WebhookRegistrationStatus = 'registered' | 'failed' | 'manual';

/**
 * The webhook a connection registered at its provider: what deleting the connection must delete
 * there. One per connection. The signing secret is never here: it is in the secret store
 * (`tenants/{tenantId}/webhook-secrets/{connectionId}`).
 */
@Entity({ name: 'webhook_registrations' })
@Index('webhook_registrations_connection_idx', ['tenantId', 'connectionId'], { unique: true })
export class WebhookRegistration extends TenantOwned {
  @Column({ type: 'uuid', name: 'connection_id' })
  connectionId!: string;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ type: 'text' })
  status!: WebhookRegistrationStatus;

  /** What the hook is attached to, where the provider needs it: `owner/repo` (GitHub), a space id (Contentful). */
  @Column({ type: 'text', nullable: true })
  target!: string | null;

  /** The provider's id of the hook (`12345678`, `we_…`), for deleting it. */
  @Column({ type: 'text', name: 'provider_hook_id', nullable: true })
  providerHookId!: string | null;

  /** The inbound URL given to the provider. */
  @Column({ type: 'text' })
  url!: string;

  /** Why the last attempt failed (the provider's error, secrets cut out). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;
}
