import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AppError } from '@causeway/platform';
import { OperatorOnly, RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { CreatedTenant, CreateTenantInput, TenantModel, toTenant } from './tenant.models';
import { accessPolicyOf } from './tenant-config';
import { TenantPolicyInput, TenantPolicyModel, toTenantPolicy } from './tenant-policy.models';
import { TenantsService } from './tenants.service';
import { InvitationsService } from '../invitations/invitations.service';
import { toInvitation } from '../invitations/invitations.models';

@Resolver(() => TenantModel)
export class TenantsResolver {
  constructor(
    private readonly tenants: TenantsService,
    private readonly invitations: InvitationsService,
  ) {}

  @OperatorOnly()
  @Mutation(() => CreatedTenant, { description: 'Platform operators only: a tenant with its built-in roles and an invitation for its first owner.' })
  async createTenant(@CurrentPrincipal() principal: Principal, @Args('input') input: CreateTenantInput): Promise<CreatedTenant> {
    if (input.adminEmail === undefined) throw new AppError('invalid_input', 'adminEmail: required', { field: 'adminEmail' });
    const { tenant, ownerInvitation } = await this.tenants.createTenant({ type: 'operator', id: principal.userId, label: principal.email }, input);
    await this.invitations.notify(ownerInvitation!);
    return { tenant: toTenant(tenant), ownerInvitation: toInvitation(ownerInvitation!) };
  }

  @RequirePermission('read:Tenant')
  @Query(() => TenantModel, { description: 'The tenant this session acts in.' })
  async tenant(@CurrentPrincipal() principal: Principal) {
    const tenant = await this.tenants.findById(tenantOf(principal));
    if (!tenant) throw new AppError('not_found', 'tenant not found');
    return toTenant(tenant);
  }

  @RequirePermission('read:Policy')
  @Query(() => TenantPolicyModel, { description: "The tenant's access policy: shared connections, denied tools, audit payloads." })
  async tenantPolicy(@CurrentPrincipal() principal: Principal): Promise<TenantPolicyModel> {
    const tenant = await this.tenants.findById(tenantOf(principal));
    if (!tenant) throw new AppError('not_found', 'tenant not found');
    return toTenantPolicy(accessPolicyOf(tenant));
  }

  @RequirePermission('update:Policy')
  @Mutation(() => TenantPolicyModel, { description: "Replaces the tenant's access policy; data-plane replicas apply it from the config stream." })
  async setTenantPolicy(@CurrentPrincipal() principal: Principal, @Args('input') input: TenantPolicyInput): Promise<TenantPolicyModel> {
    const defined = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== null));
    return toTenantPolicy(await this.tenants.setAccessPolicy(tenantOf(principal), actorOf(principal), defined));
  }
}
