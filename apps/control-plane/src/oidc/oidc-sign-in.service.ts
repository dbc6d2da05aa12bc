import { Inject, Injectable, Logger } from '@nestjs/common';
import type { SecretStore } from '@causeway/secrets';
import { AuthService, type Session } from '../auth/auth.service';
import { SECRET_STORE } from '../database/tokens';
import type { Tenant } from '../tenants/tenant.entity';
import { TenantsService } from '../tenants/tenants.service';
import { readClientSecret } from './client-secret';
import { OidcAccounts } from './oidc-accounts';
import { OidcProviderClient } from './oidc-provider.client';
import { OidcProvidersService } from './oidc-providers.service';
import { OidcError, OidcErrorCode } from './oidc.errors';
import { OIDC_SETTINGS, type OidcSettings } from './oidc.settings';
import { sameIssuer } from './provider-url';
import { SignInStateStore } from './sign-in-state.store';

export const SIGN_IN_SCOPE = 'openid email profile';
export const DEFAULT_RETURN_TO = '/graphql';

export interface CallbackParams {
  state?: string;
  code?: string;
  /** RFC 9207: the issuer that sent the authorization response. */
  iss?: string;
  error?: string;
}

export interface CompletedSignIn {
  session: Session;
  tenant: Tenant;
  returnTo: string;
}

/**
 * The authorization code flow with PKCE and a nonce, as the relying party: `start` sends the
 * browser to the tenant's provider, `complete` handles its return and opens a session.
 */
@Injectable()
export class OidcSignInService {
  private readonly logger = new Logger('OidcSignIn');

  constructor(
    @Inject(OIDC_SETTINGS) private readonly settings: OidcSettings,
    @Inject(SECRET_STORE) private readonly secrets: SecretStore,
    private readonly tenants: TenantsService,
    private readonly providers: OidcProvidersService,
    private readonly client: OidcProviderClient,
    private readonly states: SignInStateStore,
    private readonly accounts: OidcAccounts,
    private readonly auth: AuthService,
  ) {}

  /** The provider's authorization URL for this sign-in. */
  async start(tenantSlug: string, returnTo: string, redirectUri: string, browserKey: string): Promise<string> {
    // Only a well-formed slug is echoed back; anything else cannot name a tenant anyway.
    if (!/^[a-z0-9-]{1,63}$/.test(tenantSlug)) throw new OidcError(OidcErrorCode.NotConfigured, 'no tenant has this slug');
    const notEnabled = () => new OidcError(OidcErrorCode.NotConfigured, `tenant "${tenantSlug}" has no OIDC sign-in enabled`);
    const tenant = await this.tenants.findBySlug(tenantSlug);
    const provider = tenant?.status === 'active' ? await this.providers.find(tenant.id) : null;
    if (!tenant || !provider?.enabled) throw notEnabled();

    const metadata = await this.client.discover(provider.issuer);
    const started = await this.states.begin({ tenantId: tenant.id, providerId: provider.id, redirectUri, returnTo }, browserKey);
    const url = new URL(metadata.authorizationEndpoint);
    const params = {
      response_type: 'code',
      client_id: provider.clientId,
      redirect_uri: redirectUri,
      scope: SIGN_IN_SCOPE,
      state: started.state,
      nonce: started.nonce,
      code_challenge: started.codeChallenge,
      code_challenge_method: 'S256',
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url.toString();
  }

  async complete(params: CallbackParams, browserKey: string | undefined): Promise<CompletedSignIn> {
    if (!params.state) throw new OidcError(OidcErrorCode.InvalidInput, 'state: required (open the sign-in link again)', 'state');
    // Consumed before anything else, so whatever happens next this state cannot be tried again.
    const pending = await this.states.consume(params.state, browserKey);
    if (params.error) {
      const code = /^[a-z_]{1,64}$/.test(params.error) ? params.error : 'error';
      throw new OidcError(OidcErrorCode.ProviderRefused, `the identity provider did not sign you in (${code})`);
    }
    if (!params.code) throw new OidcError(OidcErrorCode.InvalidInput, 'code: required', 'code');

    const tenant = await this.tenants.findById(pending.tenantId);
    const provider = tenant?.status === 'active' ? await this.providers.find(pending.tenantId) : null;
    if (!tenant || !provider || provider.id !== pending.providerId || !provider.enabled) {
      throw new OidcError(OidcErrorCode.NotConfigured, "the tenant's OIDC sign-in was removed or disabled while you were signing in");
    }
    if (params.iss !== undefined && !sameIssuer(params.iss, provider.issuer)) {
      throw new OidcError(OidcErrorCode.ProviderRefused, "the authorization response comes from another issuer than the tenant's provider");
    }
    const clientSecret = await readClientSecret(this.secrets, provider.clientSecretPath);
    if (!clientSecret)
      throw new OidcError(OidcErrorCode.Misconfigured, "the tenant's OIDC client secret is missing; an admin should configure OIDC sign-in again");

    const metadata = await this.client.discover(provider.issuer);
    const idToken = await this.client.exchangeCode({
      tokenEndpoint: metadata.tokenEndpoint,
      clientAuthMethod: metadata.clientAuthMethod,
      clientId: provider.clientId,
      clientSecret,
      code: params.code,
      redirectUri: pending.redirectUri,
      codeVerifier: pending.codeVerifier,
    });
    const identity = await this.client.verifyIdToken(idToken, metadata.jwksUri, {
      issuer: provider.issuer,
      clientId: provider.clientId,
      nonce: pending.nonce,
      now: this.settings.now(),
    });
    const userId = await this.accounts.resolve(tenant, provider, identity.email);
    const session = await this.auth.createSessionFor(userId, tenant.id);
    this.logger.log(`OIDC sign-in of user ${userId} to tenant ${tenant.id}`);
    return { session, tenant, returnTo: pending.returnTo };
  }
}
