import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { parseId } from '../common/ids';
import { CreateRoleInput, RoleModel, toRole } from './role.models';
import { RolesService } from './roles.service';

@Resolver(() => RoleModel)
export class RolesResolver {
  constructor(private readonly service: RolesService) {}

  @RequirePermission('read:Role')
  @Query(() => [RoleModel], { description: 'Built-in and custom roles of the current tenant.' })
  async roles(@CurrentPrincipal() principal: Principal) {
    return (await this.service.list(tenantOf(principal))).map(toRole);
  }

  @RequirePermission('create:Role')
  @Mutation(() => RoleModel, { description: 'A custom role; it cannot grant more than you hold.' })
  async createRole(@CurrentPrincipal() principal: Principal, @Args('input') input: CreateRoleInput) {
    return toRole(await this.service.create(tenantOf(principal), actorOf(principal), principal.permissions, input));
  }

  @RequirePermission('update:Role')
  @Mutation(() => RoleModel)
  async updateRolePermissions(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('permissions', { type: () => [String] }) permissions: string[],
  ) {
    return toRole(await this.service.updatePermissions(tenantOf(principal), actorOf(principal), principal.permissions, parseId(id), permissions));
  }

  @RequirePermission('delete:Role')
  @Mutation(() => Boolean)
  async deleteRole(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    await this.service.delete(tenantOf(principal), actorOf(principal), parseId(id));
    return true;
  }
}
