import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AppError } from '@causeway/platform';
import { RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import type { ControlPlaneSettings } from '../auth/auth.service';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { CONTROL_PLANE_SETTINGS } from '../database/tokens';
import { TenantsService } from '../tenants/tenants.service';
import { callbackUrl, signInUrl } from './oidc.paths';
import { ConfigureOidcProviderInput, OidcProviderModel } from './oidc.models';
import { OidcProvidersService, type OidcProviderView } from './oidc-providers.service';

/** Acts only on the caller's own tenant: no operation takes a tenant argument. */
@Resolver(() => OidcProviderModel)
export class OidcResolver {
  constructor(
    private readonly providers: OidcProvidersService,
    private readonly tenants: TenantsService,
    @Inject(CONTROL_PLANE_SETTINGS) private readonly settings: ControlPlaneSettings,
  ) {}

  @RequirePermission('read:Tenant')
  @Query(() => OidcProviderModel, { nullable: true, description: "This tenant's OIDC sign-in provider, if one is configured." })
  async oidcProvider(@CurrentPrincipal() principal: Principal) {
    const view = await this.providers.get(tenantOf(principal));
    return view ? this.toModel(view) : null;
  }

  @RequirePermission('update:Tenant')
  @Mutation(() => OidcProviderModel, { description: "Creates or changes this tenant's OIDC sign-in provider; only the given fields change." })
  async configureOidcProvider(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The fields to change.' }) input: ConfigureOidcProviderInput,
  ) {
    return this.toModel(await this.providers.configure(tenantOf(principal), actorOf(principal), principal.permissions, input));
  }

  @RequirePermission('update:Tenant')
  @Mutation(() => OidcProviderModel, { description: "Removes this tenant's OIDC sign-in provider and destroys its client secret; returns what was removed." })
  async removeOidcProvider(@CurrentPrincipal() principal: Principal) {
    return this.toModel(await this.providers.remove(tenantOf(principal), actorOf(principal)));
  }

  private async toModel({ provider, clientSecretUpdatedAt }: OidcProviderView): Promise<OidcProviderModel> {
    const tenant = await this.tenants.findById(provider.tenantId);
    if (!tenant) throw new AppError('not_found', 'tenant not found');
    return {
      id: provider.id,
      issuer: provider.issuer,
      clientId: provider.clientId,
      hasClientSecret: clientSecretUpdatedAt !== null,
      clientSecretUpdatedAt,
      allowedDomains: provider.allowedDomains,
      defaultRole: provider.defaultRole,
      enabled: provider.enabled,
      signInUrl: signInUrl(this.settings.publicUrl, tenant.slug),
      callbackUrl: callbackUrl(this.settings.publicUrl),
      createdAt: provider.createdAt,
      updatedAt: provider.updatedAt,
    };
  }
}
