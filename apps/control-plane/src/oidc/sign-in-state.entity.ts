import { Column, Entity, Index } from 'typeorm';
import { TenantOwned } from '../common/tenant-owned.entity';

/**
 * One started OIDC sign-in, kept server-side until its callback consumes it. A row (rather
 * than a signed cookie) because "used once" has to hold across replicas: the callback deletes
 * the row and only the replica whose DELETE returned it goes on.
 */
@Entity({ name: 'oidc_sign_in_states' })
export class OidcSignInState extends TenantOwned {
  /** SHA-256 of the `state` parameter; the value itself only travels through the browser. */
  @Index({ unique: true })
  @Column({ type: 'text', name: 'state_hash' })
  stateHash!: string;

  /** SHA-256 of the browser-binding cookie set at start, so a callback link cannot be replayed in another browser. */
  @Column({ type: 'text', name: 'browser_hash' })
  browserHash!: string;

  @Column({ type: 'uuid', name: 'provider_id' })
  providerId!: string;

  /**
   * The PKCE verifier is useless without the authorization code, which never reaches this
   * table, and lives at most for the state's lifetime.
   */
  @Column({ type: 'text', name: 'code_verifier' })
  codeVerifier!: string;

  @Column({ type: 'text' })
  nonce!: string;

  /** The redirect_uri sent at start; the token request must repeat it exactly. */
  @Column({ type: 'text', name: 'redirect_uri' })
  redirectUri!: string;

  /** Local path the browser goes to after sign-in. */
  @Column({ type: 'text', name: 'return_to' })
  returnTo!: string;

  @Index()
  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;
}
