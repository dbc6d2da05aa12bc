import { PERMISSIONS, SUBJECTS } from '@causeway/authz';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { parseId } from '../common/ids';
import { CreateRoleInput, PermissionSubjectModel, RoleModel, toRole } from './role.models';
import { RolesService } from './roles.service';

@Resolver(() => RoleModel)
export class RolesResolver {
  constructor(private readonly service: RolesService) {}

  @RequirePermission('read:Role')
  @Query(() => [RoleModel], { description: 'Built-in and custom roles of the current tenant.' })
  async roles(@CurrentPrincipal() principal: Principal) {
    return (await this.service.list(tenantOf(principal))).map(toRole);
  }

  // The vocabulary createRole and updateRolePermissions accept, so a console draws its permission matrix from the server.
  @RequirePermission('read:Role')
  @Query(() => [PermissionSubjectModel], { description: 'Every permission a role may hold, as subjects with their actions (`<action>:<Subject>`).' })
  permissionCatalog(): PermissionSubjectModel[] {
    return SUBJECTS.map((subject) => ({ subject, actions: [...PERMISSIONS[subject]] }));
  }

  @RequirePermission('create:Role')
  @Mutation(() => RoleModel, { description: 'A custom role; it cannot grant more than you hold.' })
  async createRole(@CurrentPrincipal() principal: Principal, @Args('input', { description: 'The role to create.' }) input: CreateRoleInput) {
    return toRole(await this.service.create(tenantOf(principal), actorOf(principal), principal.permissions, input));
  }

  @RequirePermission('update:Role')
  @Mutation(() => RoleModel, { description: "Replaces a custom role's permissions; members' keys narrow at once. Needs update:Role." })
  async updateRolePermissions(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'Id of a custom role.' }) id: string,
    @Args('permissions', { type: () => [String], description: 'The complete new list, `<action>:<Subject>`; it cannot grant more than you hold.' })
    permissions: string[],
  ) {
    return toRole(await this.service.updatePermissions(tenantOf(principal), actorOf(principal), principal.permissions, parseId(id), permissions));
  }

  @RequirePermission('delete:Role')
  @Mutation(() => Boolean, { description: 'Deletes a custom role; refused while members hold it. Needs delete:Role.' })
  async deleteRole(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID, description: 'Id of a custom role no member holds.' }) id: string) {
    await this.service.delete(tenantOf(principal), actorOf(principal), parseId(id));
    return true;
  }
}
