import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AppError } from '@causeway/platform';
import { OperatorOnly, RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { pageSize } from '../common/pagination';
import { toConnection } from '../graphql/pagination.types';
import { CreatedTenant, CreateTenantInput, TenantConnection, TenantModel, toTenant } from './tenant.models';
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
  async createTenant(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The tenant and its first owner.' }) input: CreateTenantInput,
  ): Promise<CreatedTenant> {
    if (input.adminEmail === undefined) throw new AppError('invalid_input', 'adminEmail: required', { field: 'adminEmail' });
    const { tenant, ownerInvitation } = await this.tenants.createTenant({ type: 'operator', id: principal.userId, label: principal.email }, input);
    await this.invitations.notify(ownerInvitation!);
    return { tenant: toTenant(tenant), ownerInvitation: toInvitation(ownerInvitation!) };
  }

  @OperatorOnly()
  @Query(() => TenantConnection, { name: 'tenants', description: 'Platform operators only: every tenant of the platform, oldest first.' })
  async listTenants(
    @Args('first', { type: () => Int, nullable: true, description: 'Page size, 1 to 100 (default 20).' }) first: number | null,
    @Args('after', { type: () => String, nullable: true, description: '`pageInfo.endCursor` of the previous page.' }) after: string | null,
  ) {
    return toConnection(await this.tenants.list(pageSize(first), after), toTenant);
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
  async setTenantPolicy(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The whole new policy.' }) input: TenantPolicyInput,
  ): Promise<TenantPolicyModel> {
    const defined = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== null));
    return toTenantPolicy(await this.tenants.setAccessPolicy(tenantOf(principal), actorOf(principal), defined));
  }
}
