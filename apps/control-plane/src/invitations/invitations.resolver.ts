import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { PublicOrSignedIn, RequirePermission } from '../auth/access-levels';
import { actorOf, tenantOf } from '../auth/actor';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { AddMemberInput, SessionTokens } from '../graphql/models';
import { InvitationModel, toInvitation } from './invitations.models';
import { InvitationsService } from './invitations.service';

@Resolver(() => InvitationModel)
export class InvitationsResolver {
  constructor(private readonly invitations: InvitationsService) {}

  @RequirePermission('create:User')
  @Mutation(() => InvitationModel, { description: 'Invites someone to the current tenant with a role; they join by accepting the single-use link.' })
  async addMember(@CurrentPrincipal() principal: Principal, @Args('input') input: AddMemberInput) {
    return toInvitation(await this.invitations.invite(tenantOf(principal), actorOf(principal), principal.roleName, input));
  }

  @PublicOrSignedIn()
  @Mutation(() => SessionTokens, {
    description: 'Accepts an invitation and signs you in to its tenant. An existing account must be signed in (send its token); a new account chooses its password here.',
  })
  async acceptInvitation(
    @CurrentPrincipal() principal: Principal | undefined,
    @Args('token') token: string,
    @Args('password', { type: () => String, nullable: true }) password: string | null,
  ): Promise<SessionTokens> {
    const session = await this.invitations.accept(token, password, principal);
    return { accessToken: session.accessToken, accessTokenExpiresAt: session.accessTokenExpiresAt, refreshToken: session.refreshToken };
  }
}
