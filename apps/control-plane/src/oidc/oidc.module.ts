import { Module } from '@nestjs/common';
import { OidcAccounts } from './oidc-accounts';
import { OidcController } from './oidc.controller';
import { OidcProviderClient } from './oidc-provider.client';
import { OidcProvidersService } from './oidc-providers.service';
import { OidcResolver } from './oidc.resolver';
import { defaultOidcSettings, OIDC_SETTINGS } from './oidc.settings';
import { OidcSignInService } from './oidc-sign-in.service';
import { SignInStateStore } from './sign-in-state.store';

/**
 * Per-tenant sign-in through an OpenID Connect provider. Uses the control plane's global
 * providers (data source, outbox nudge, secret store, auth, memberships, tenants).
 */
@Module({
  controllers: [OidcController],
  providers: [
    { provide: OIDC_SETTINGS, useValue: defaultOidcSettings },
    OidcProviderClient,
    SignInStateStore,
    OidcProvidersService,
    OidcAccounts,
    OidcSignInService,
    OidcResolver,
  ],
})
export class OidcModule {}
