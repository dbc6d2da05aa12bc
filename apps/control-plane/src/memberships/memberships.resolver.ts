import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { parseId } from '../common/ids';
import { pageSize } from '../common/pagination';
import { UserConnection, UserModel, toUser } from './membership.models';
import { toConnection } from '../graphql/pagination.types';
import { MembershipsService } from './memberships.service';

@Resolver(() => UserModel)
export class MembershipsResolver {
  constructor(private readonly memberships: MembershipsService) {}

  @RequirePermission('read:User')
  @Query(() => UserConnection, { description: 'Members of the current tenant with their roles.' })
  async users(
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, nullable: true, description: 'Page size, 1 to 100 (default 20).' }) first: number | null,
    @Args('after', { type: () => String, nullable: true, description: '`pageInfo.endCursor` of the previous page; omit for the first page.' })
    after: string | null,
  ) {
    return toConnection(await this.memberships.list(tenantOf(principal), pageSize(first), after), toUser);
  }

  @RequirePermission('update:User')
  @Mutation(() => UserModel, { description: "Changes a member's role; keys they created narrow at once." })
  async changeMemberRole(
    @CurrentPrincipal() principal: Principal,
    @Args('userId', { type: () => ID, description: 'Id of the member.' }) userId: string,
    @Args('role', { description: 'Name of the new role; it cannot grant more than you hold.' }) role: string,
  ) {
    return toUser(await this.memberships.changeRole(tenantOf(principal), actorOf(principal), principal.roleName, parseId(userId, 'userId'), role));
  }

  @RequirePermission('delete:User')
  @Mutation(() => Boolean, { description: 'Removes a member; keys they created stop working at once.' })
  async removeMember(@CurrentPrincipal() principal: Principal, @Args('userId', { type: () => ID, description: 'Id of the member.' }) userId: string) {
    await this.memberships.remove(tenantOf(principal), actorOf(principal), principal.roleName, parseId(userId, 'userId'));
    return true;
  }
}
