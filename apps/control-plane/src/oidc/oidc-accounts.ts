import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { AuditActor } from '@causeway/contracts';
import { AppError } from '@causeway/platform';
import { DATA_SOURCE } from '../database/tokens';
import { Membership } from '../memberships/membership.entity';
import { MembershipsService } from '../memberships/memberships.service';
import { RolesError, RolesErrorCode } from '../roles/roles.errors';
import type { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';
import type { OidcProvider } from './oidc-provider.entity';
import { OidcError, OidcErrorCode } from './oidc.errors';

const refuse = (message: string) => new OidcError(OidcErrorCode.NotAllowedToSignIn, message);

/**
 * Decides which account an identity verified by a tenant's provider signs in as.
 *
 * A tenant's provider is configured by that tenant's admins, so it can vouch only for
 * accounts that live entirely inside that tenant: a member of this tenant and no other, or a
 * new account it creates. It never signs in a platform operator, an account that belongs to
 * other tenants, or an existing account that is not a member here; those sign in with their
 * password. Otherwise one tenant's admin could mint a session for another tenant's user.
 */
@Injectable()
export class OidcAccounts {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly memberships: MembershipsService,
  ) {}

  /** The user id to open a session for in `tenant`. */
  async resolve(tenant: Tenant, provider: OidcProvider, email: string): Promise<string> {
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (provider.allowedDomains && !provider.allowedDomains.includes(domain)) {
      throw new OidcError(OidcErrorCode.EmailNotAllowed, `email domain "${domain}" is not allowed to sign in to "${tenant.slug}"`);
    }
    try {
      return await this.resolveOnce(tenant, provider, email);
    } catch (error) {
      // Two first sign-ins of the same person raced; the loser finds the account the winner made.
      if (isRace(error)) return this.resolveOnce(tenant, provider, email);
      throw error;
    }
  }

  private async resolveOnce(tenant: Tenant, provider: OidcProvider, email: string): Promise<string> {
    const user = await this.dataSource.getRepository(User).findOne({ where: { email } });
    if (user) {
      if (user.disabledAt) throw refuse('this account is disabled');
      if (user.isOperator) throw refuse("platform operators sign in with their password, not through a tenant's identity provider");
      const memberships = await this.dataSource.getRepository(Membership).find({ where: { userId: user.id } });
      if (memberships.some((m) => m.tenantId !== tenant.id)) {
        throw refuse(`this account belongs to other tenants too, so "${tenant.slug}"'s identity provider cannot sign it in; sign in with your password`);
      }
      if (memberships.length === 0) throw refuse(`this account is not a member of "${tenant.slug}"; ask one of its admins to add you`);
      return user.id;
    }
    if (provider.defaultRole === null) {
      throw refuse(`you are not a member of "${tenant.slug}", and it lets only existing members sign in through its identity provider`);
    }
    return this.provision(tenant, provider, email, provider.defaultRole);
  }

  /** A new account (no password) and its membership, with their audit and config events. */
  private async provision(tenant: Tenant, provider: OidcProvider, email: string, role: string): Promise<string> {
    const actor: AuditActor = { type: 'system', id: `oidc_provider:${provider.id}`, label: `OIDC sign-in via ${provider.issuer}`.slice(0, 320) };
    try {
      const member = await this.memberships.provisionAccount(tenant.id, actor, { email, role });
      return member.user.id;
    } catch (error) {
      if (error instanceof RolesError && error.reason === RolesErrorCode.NotFound) {
        throw new OidcError(
          OidcErrorCode.Misconfigured,
          `the role "${role}" given to new users of "${tenant.slug}" no longer exists; an admin should configure OIDC sign-in again`,
        );
      }
      throw error;
    }
  }
}

function isRace(error: unknown): boolean {
  if (error instanceof QueryFailedError) return (error.driverError as { code?: string })?.code === '23505';
  return error instanceof AppError && error.code === 'conflict' && !(error instanceof OidcError);
}
