import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { Inject } from '@nestjs/common';
import { DATA_SOURCE } from '../database/tokens';
import { Me, SessionTokens } from './auth.models';
import { toTenant } from '../tenants/tenant.models';
import { Tenant } from '../tenants/tenant.entity';
import { PasswordResetLinkModel } from '../invitations/invitations.models';
import { Authenticated, OperatorOnly, Public } from './access-levels';
import { AuthService, type Session } from './auth.service';
import { PasswordResets } from './password-resets';
import { CurrentPrincipal, type Principal } from './principal';

const tokens = (s: Session): SessionTokens => ({ accessToken: s.accessToken, accessTokenExpiresAt: s.accessTokenExpiresAt, refreshToken: s.refreshToken });

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly resets: PasswordResets,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  @Public()
  @Mutation(() => Boolean, { description: 'Sets a new password with a single-use reset link from the operator; ends every session of the account.' })
  async resetPassword(
    @Args('token', { description: 'The token of the reset link.' }) token: string,
    @Args('newPassword', { description: 'The new password (the password rules apply).' }) newPassword: string,
  ) {
    await this.resets.reset(token, newPassword);
    return true;
  }

  @OperatorOnly()
  @Mutation(() => PasswordResetLinkModel, { description: 'Platform operators only: a single-use link that lets the account holder set a new password.' })
  issuePasswordReset(@Args('email', { description: 'Email of the account.' }) email: string) {
    return this.resets.issue(email);
  }

  @Public()
  @Mutation(() => SessionTokens, { description: 'Email and password sign-in. Throttled per account and per address.' })
  login(
    @Args('email', { description: 'Email of the account.' }) email: string,
    @Args('password', { description: 'Its password.' }) password: string,
    @Args('tenant', { type: () => String, nullable: true, description: 'Tenant slug; defaults to your first membership.' }) tenant: string | null,
    @Context() ctx: { req: { ip?: string; socket?: { remoteAddress?: string }; headers: Record<string, string | string[] | undefined> } },
  ) {
    const origin = { peer: ctx.req.socket?.remoteAddress ?? ctx.req.ip, forwardedFor: ctx.req.headers['x-forwarded-for'] };
    return this.auth.login(email, password, origin, tenant).then(tokens);
  }

  @Public()
  @Mutation(() => SessionTokens, { description: 'New tokens for a refresh token; each refresh token works once.' })
  refreshSession(@Args('refreshToken', { description: 'The refresh token of the session.' }) refreshToken: string) {
    return this.auth.refresh(refreshToken).then(tokens);
  }

  @Public()
  @Mutation(() => Boolean, { description: 'Ends the session the refresh token belongs to.' })
  logout(@Args('refreshToken', { description: 'The refresh token of the session.' }) refreshToken: string) {
    return this.auth.logout(refreshToken);
  }

  @Authenticated()
  @Mutation(() => SessionTokens, { description: 'A session in another tenant you belong to.' })
  switchTenant(
    @CurrentPrincipal() principal: Principal,
    @Args('tenant', { description: 'Slug of the tenant to act in; you must be a member.' }) tenant: string,
  ) {
    return this.auth.switchTenant(principal.userId, principal.isOperator, tenant).then(tokens);
  }

  @Authenticated()
  @Query(() => Me, { description: 'The signed-in user, the tenant of this session and its permissions.' })
  async me(@CurrentPrincipal() principal: Principal): Promise<Me> {
    const tenant = principal.tenantId ? await this.dataSource.getRepository(Tenant).findOneBy({ id: principal.tenantId }) : null;
    return {
      id: principal.userId,
      email: principal.email,
      isOperator: principal.isOperator,
      tenant: tenant ? toTenant(tenant) : null,
      role: principal.roleName,
      permissions: principal.permissions,
    };
  }
}
