import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One pending OAuth consent. The `state` parameter is this row's id: random, single use
 * (consumed by a conditional delete, so two callbacks cannot both win), expiring, and bound
 * to the tenant and user who started it.
 */
@Entity({ name: 'oauth_states' })
export class OAuthState {
  /** SHA-256 of the state value sent to the provider; the value itself is never stored. */
  @PrimaryColumn({ type: 'text', name: 'state_hash' })
  stateHash!: string;

  @Column({ type: 'uuid', name: 'tenant_id' })
  tenantId!: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId!: string;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ type: 'text', name: 'auth_mode' })
  authMode!: string;

  @Column({ type: 'jsonb' })
  draft!: {
    name: string;
    kind: 'shared' | 'user';
    ownerUserId: string | null;
    externalUserRef: string | null;
    scopes: string[];
    serverOverrides: Record<string, string> | null;
    /** The admin's checked per-tenant parameters (absent on states started before they existed). */
    params?: Record<string, string>;
    /** The filled, host-checked per-tenant token endpoint, when the mode has one. */
    tokenUrl?: string | null;
  };

  /** PKCE verifier; useless without the code the provider returns to our callback. */
  @Column({ type: 'text', name: 'code_verifier', nullable: true })
  codeVerifier!: string | null;

  @Column({ type: 'text', name: 'redirect_uri' })
  redirectUri!: string;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
