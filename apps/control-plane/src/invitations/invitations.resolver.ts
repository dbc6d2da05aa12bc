import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PublicOrSignedIn, RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { parseId } from '../common/ids';
import { SessionTokens } from '../auth/auth.models';
import { AddMemberInput, InvitationModel, toInvitation } from './invitations.models';
import { InvitationsService } from './invitations.service';

@Resolver(() => InvitationModel)
export class InvitationsResolver {
  constructor(private readonly invitations: InvitationsService) {}

  @RequirePermission('create:User')
  @Mutation(() => InvitationModel, { description: 'Invites someone to the current tenant with a role; they join by accepting the single-use link.' })
  async addMember(@CurrentPrincipal() principal: Principal, @Args('input', { description: 'Whom to invite and with which role.' }) input: AddMemberInput) {
    return toInvitation(await this.invitations.invite(tenantOf(principal), actorOf(principal), principal.roleName, input));
  }

  @RequirePermission('read:User')
  @Query(() => [InvitationModel], { name: 'invitations', description: 'Pending invitations of the current tenant (links are never shown again).' })
  async pendingInvitations(@CurrentPrincipal() principal: Principal) {
    return (await this.invitations.pending(tenantOf(principal))).map(toInvitation);
  }

  @RequirePermission('delete:User')
  @Mutation(() => Boolean, { description: 'Withdraws a pending invitation; its link stops working at once.' })
  async revokeInvitation(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID, description: 'Id of the pending invitation.' }) id: string) {
    await this.invitations.revoke(tenantOf(principal), actorOf(principal), parseId(id, 'id'));
    return true;
  }

  @PublicOrSignedIn()
  @Mutation(() => SessionTokens, {
    description:
      'Accepts an invitation and signs you in to its tenant. An existing account must be signed in (send its token); a new account chooses its password here.',
  })
  async acceptInvitation(
    @CurrentPrincipal() principal: Principal | undefined,
    @Args('token', { description: 'The token of the invitation link.' }) token: string,
    @Args('password', { type: () => String, nullable: true, description: 'For a new account: its password. Omit when signed in to an existing account.' })
    password: string | null,
  ): Promise<SessionTokens> {
    const session = await this.invitations.accept(token, password, principal);
    return { accessToken: session.accessToken, accessTokenExpiresAt: session.accessTokenExpiresAt, refreshToken: session.refreshToken };
  }
}
