import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditActor } from '@causeway/contracts';
import { AppError } from '@causeway/platform';
import { AuthService, type ControlPlaneSettings, type Session } from '../auth/auth.service';
import { hashOneTimeToken } from '../auth/one-time-tokens';
import { hashPassword } from '../auth/passwords';
import type { Principal } from '../auth/principal';
import { CONTROL_PLANE_SETTINGS, DATA_SOURCE, OUTBOX_NUDGE } from '../database/tokens';
import { recordChange } from '../events/record-change';
import { Membership } from '../memberships/membership.entity';
import { assertMayGrant, membershipConfig } from '../memberships/memberships.service';
import { Role } from '../roles/role.entity';
import { RolesService } from '../roles/roles.service';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';
import { parseEmail, parsePassword } from '../users/users.service';
import { ACCOUNT_NOTIFIER, type AccountNotifier } from './account-notifier';
import { Invitation } from './invitation.entity';
import { InvitationsError, InvitationsErrorCode } from './invitations.errors';
import { issueInvitation, type IssuedInvitation } from './issue-invitation';

/**
 * Invitations are the only way into a tenant. Inviting never looks at whether the email has an
 * account, so the inviter learns nothing about it; the invitee proves who they are when
 * accepting: an existing account by being signed in, a new one by holding the link.
 */
@Injectable()
export class InvitationsService {
  private readonly logger = new Logger('Invitations');

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
    @Inject(CONTROL_PLANE_SETTINGS) private readonly settings: Pick<ControlPlaneSettings, 'publicUrl'>,
    @Inject(ACCOUNT_NOTIFIER) private readonly notifier: AccountNotifier,
    private readonly roles: RolesService,
    private readonly auth: AuthService,
  ) {}

  /**
   * A tenant admin invites someone. The answer is the same whether or not the email has an
   * account. With a delivering notifier the link goes to the invitee only (`link` is null).
   */
  async invite(
    tenantId: string,
    actor: AuditActor,
    actorRole: string | null,
    input: { email: string; role: string },
  ): Promise<{ invitation: Invitation; role: Role; link: string | null }> {
    const issued = await this.dataSource.transaction(async (manager) => {
      const role = await this.roles.findByName(tenantId, input.role, manager);
      assertMayGrant(actorRole, role);
      // Members are listed to this admin anyway; saying so reveals nothing new.
      const member = await manager
        .getRepository(Membership)
        .createQueryBuilder('m')
        .innerJoin(User, 'u', 'u.id = m.userId')
        .where('m.tenantId = :tenantId AND u.email = :email', { tenantId, email: parseEmail(input.email) })
        .getExists();
      if (member) throw new InvitationsError(InvitationsErrorCode.AlreadyMember, `${input.email} is already a member`);
      return issueInvitation(manager, { tenantId, actor, email: input.email, role, publicUrl: this.settings.publicUrl });
    });
    this.nudgeOutbox();
    const message = await this.message(issued);
    if (!this.notifier.delivers) {
      await this.notifier.deliver(message);
      return issued;
    }
    try {
      await this.notifier.deliver(message);
    } catch (error) {
      this.logger.warn(`invitation could not be sent: ${error instanceof Error ? error.message : String(error)}`);
      await this.dataSource.getRepository(Invitation).delete({ id: issued.invitation.id });
      throw new AppError('unavailable', 'the invitation could not be sent; try again');
    }
    return { ...issued, link: null };
  }

  /** Pending invitations of a tenant, newest first, with their role names; tokens are not kept, so never shown. */
  async pending(tenantId: string): Promise<{ invitation: Invitation; role: Role; link: null }[]> {
    const rows = (await this.dataSource
      .getRepository(Invitation)
      .createQueryBuilder('i')
      .innerJoinAndMapOne('i.role', Role, 'r', 'r.id = i.roleId AND r.tenantId = i.tenantId')
      .where('i.tenantId = :tenantId AND i.acceptedAt IS NULL AND i.expiresAt > now()', { tenantId })
      .orderBy('i.createdAt', 'DESC')
      .take(200)
      .getMany()) as (Invitation & { role: Role })[];
    return rows.map((row) => ({ invitation: row, role: row.role, link: null }));
  }

  /** Withdraws a pending invitation: its link stops working at once. */
  async revoke(tenantId: string, actor: AuditActor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const invitation = await manager.getRepository(Invitation).findOne({ where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
      if (!invitation || invitation.acceptedAt) throw new AppError('not_found', 'no such pending invitation in this tenant', { field: 'id' });
      await manager.delete(Invitation, { tenantId, id });
      await recordChange(manager, { tenantId, actor, action: 'invitation.revoked', target: { type: 'invitation', id }, before: { email: invitation.email } });
    });
    this.nudgeOutbox();
  }

  /** Best effort, for links an operator is also shown (a tenant's first owner). */
  async notify(issued: IssuedInvitation): Promise<void> {
    if (!this.notifier.delivers) return;
    await this.notifier
      .deliver(await this.message(issued))
      .catch((error: unknown) => this.logger.warn(`invitation could not be sent: ${error instanceof Error ? error.message : String(error)}`));
  }

  /**
   * Accepts an invitation. Nobody sets the password of an account that exists: its owner must
   * be signed in to accept; a new account is created with the password given here.
   */
  async accept(token: string, password: string | null | undefined, principal: Principal | undefined): Promise<Session> {
    const joined = await this.dataSource.transaction(async (manager) => {
      const invitation = await manager
        .getRepository(Invitation)
        .findOne({ where: { tokenHash: hashOneTimeToken(token) }, lock: { mode: 'pessimistic_write' } });
      if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() <= Date.now()) {
        throw new InvitationsError(InvitationsErrorCode.InvalidToken, 'this invitation is invalid, used or expired; ask for a new one');
      }
      if (principal && principal.email !== invitation.email) {
        throw new InvitationsError(InvitationsErrorCode.WrongAccount, 'this invitation is for another email; sign out or sign in as the invited account');
      }
      const userId = principal ? this.signedInJoiner(principal, password) : await this.newAccount(manager, invitation.email, password);
      const role = await manager.getRepository(Role).findOneBy({ tenantId: invitation.tenantId, id: invitation.roleId });
      if (!role) throw new InvitationsError(InvitationsErrorCode.InvalidToken, 'the role of this invitation no longer exists; ask for a new one');
      if (await manager.getRepository(Membership).exists({ where: { tenantId: invitation.tenantId, userId } })) {
        throw new InvitationsError(InvitationsErrorCode.AlreadyMember, 'you are already a member of this tenant');
      }
      const membership = await manager.save(manager.create(Membership, { tenantId: invitation.tenantId, userId, roleId: role.id }));
      await manager.update(Invitation, { id: invitation.id }, { acceptedAt: new Date(), acceptedBy: userId });
      await recordChange(manager, {
        tenantId: invitation.tenantId,
        actor: { type: 'user', id: userId, label: invitation.email },
        action: 'membership.created',
        target: { type: 'user', id: userId },
        after: { email: invitation.email, role: role.name, invitationId: invitation.id, invitedBy: invitation.invitedBy, newUser: !principal },
        config: membershipConfig(membership),
      });
      return { userId, tenantId: invitation.tenantId };
    });
    this.nudgeOutbox();
    return this.auth.createSessionFor(joined.userId, joined.tenantId);
  }

  private signedInJoiner(principal: Principal, password: string | null | undefined): string {
    if (password) throw new InvitationsError(InvitationsErrorCode.PasswordNotAllowed, 'password: an existing account keeps its password; accept without one');
    return principal.userId;
  }

  /**
   * Without a session the link must create the account. If the email has one, its owner signs
   * in first; the password given is never applied to it.
   */
  private async newAccount(manager: EntityManager, email: string, password: string | null | undefined): Promise<string> {
    if (!password)
      throw new InvitationsError(InvitationsErrorCode.PasswordRequired, 'password: choose one to create your account, or sign in first if you have one');
    if (await manager.getRepository(User).exists({ where: { email } })) {
      throw new InvitationsError(InvitationsErrorCode.SignInRequired, `sign in as ${email} first, then accept the invitation`);
    }
    const passwordHash = await hashPassword(parsePassword(password));
    // An account made for this email meanwhile (another invitation accepted at the same moment) wins; this one must sign in.
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({ email, passwordHash, isOperator: false })
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (inserted.raw as { id: string }[])[0]?.id;
    if (!id) throw new InvitationsError(InvitationsErrorCode.SignInRequired, `sign in as ${email} first, then accept the invitation`);
    return id;
  }

  private async message(issued: IssuedInvitation) {
    const tenant = await this.dataSource.getRepository(Tenant).findOneByOrFail({ id: issued.invitation.tenantId });
    return {
      kind: 'invitation' as const,
      email: issued.invitation.email,
      link: issued.link,
      expiresAt: issued.invitation.expiresAt,
      tenant: { slug: tenant.slug, name: tenant.name },
      role: issued.role.name,
    };
  }
}
