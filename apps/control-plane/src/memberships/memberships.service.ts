import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditActor } from '@causeway/contracts';
import { AppError } from '@causeway/platform';
import { createdAtKey, decodeCursor, encodeCursor, type Page } from '../common/pagination';
import { DATA_SOURCE, OUTBOX_NUDGE } from '../database/tokens';
import { recordChange } from '../events/record-change';
import { Role } from '../roles/role.entity';
import { RolesService } from '../roles/roles.service';
import { User } from '../users/user.entity';
import { parseEmail } from '../users/users.service';
import { Membership } from './membership.entity';

export interface Member {
  user: User;
  membership: Membership;
  role: Role;
}

export function membershipConfig(m: Membership) {
  return { entity: 'membership' as const, entityId: m.id, op: 'upsert' as const, version: Date.now(), data: { userId: m.userId, roleId: m.roleId } };
}

/** Only owners hand out (or invite to) or take away the owner role. */
export function assertMayGrant(actorRole: string | null, role: Role) {
  if (role.name === 'owner' && role.builtIn && actorRole !== 'owner') {
    throw new AppError('forbidden', 'only owners can grant or revoke the owner role', { field: 'role' });
  }
}

@Injectable()
export class MembershipsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
    private readonly roles: RolesService,
  ) {}

  /** The caller's role and permissions in a tenant, read fresh on every request. */
  async accessOf(tenantId: string, userId: string): Promise<{ roleName: string; permissions: string[] } | null> {
    const row = await this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(Role, 'r', 'r.id = m.roleId AND r.tenantId = m.tenantId')
      .select(['r.name AS name', 'r.permissions AS permissions'])
      .where('m.tenantId = :tenantId AND m.userId = :userId', { tenantId, userId })
      .getRawOne<{ name: string; permissions: string[] }>();
    return row ? { roleName: row.name, permissions: row.permissions } : null;
  }

  async list(tenantId: string, first: number, after?: string | null): Promise<Page<Member>> {
    const cursor = after ? decodeCursor(after) : null;
    const qb = this.dataSource
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoinAndMapOne('m.user', User, 'u', 'u.id = m.userId')
      .innerJoinAndMapOne('m.role', Role, 'r', 'r.id = m.roleId AND r.tenantId = m.tenantId')
      .where('m.tenantId = :tenantId', { tenantId })
      .orderBy(createdAtKey('m'), 'ASC')
      .addOrderBy('m.id', 'ASC')
      // limit, not take: each membership joins exactly one user and one role, and take's
      // distinct-id subquery cannot order by an expression.
      .limit(first + 1);
    if (cursor) qb.andWhere(`(${createdAtKey('m')}, m.id) > (:at, :id)`, { at: cursor.at, id: cursor.id });
    const rows = (await qb.getMany()) as (Membership & { user: User; role: Role })[];
    const items = rows.slice(0, first).map((m) => ({ user: m.user, role: m.role, membership: m }));
    return {
      items,
      hasNextPage: rows.length > first,
      cursorOf: (m) => encodeCursor(m.membership.createdAt, m.membership.id),
    };
  }

  /**
   * A new account without a password, and its membership: only for a tenant's OIDC provider,
   * which proved the email. Never touches an existing account: that email fails on the
   * unique index (23505), and the caller resolves the account that won.
   */
  async provisionAccount(tenantId: string, actor: AuditActor, input: { email: string; role: string }): Promise<Member> {
    const member = await this.dataSource.transaction(async (manager) => {
      const role = await this.roles.findByName(tenantId, input.role, manager);
      const user = await manager.getRepository(User).save(manager.create(User, { email: parseEmail(input.email), passwordHash: null, isOperator: false }));
      const membership = await manager.save(manager.create(Membership, { tenantId, userId: user.id, roleId: role.id }));
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'membership.created',
        target: { type: 'user', id: user.id },
        after: { email: user.email, role: role.name, newUser: true },
        config: membershipConfig(membership),
      });
      return { user, membership, role };
    });
    this.nudgeOutbox();
    return member;
  }

  async changeRole(tenantId: string, actor: AuditActor, actorRole: string | null, userId: string, roleName: string): Promise<Member> {
    const member = await this.dataSource.transaction(async (manager) => {
      const membership = await this.lockMembership(manager, tenantId, userId);
      const role = await this.roles.findByName(tenantId, roleName, manager);
      const previous = await manager.getRepository(Role).findOneByOrFail({ tenantId, id: membership.roleId });
      assertMayGrant(actorRole, role);
      assertMayGrant(actorRole, previous);
      if (previous.name === 'owner' && role.name !== 'owner') await this.assertNotLastOwner(manager, tenantId, previous.id);
      membership.roleId = role.id;
      const saved = await manager.save(membership);
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'membership.role_changed',
        target: { type: 'user', id: userId },
        before: { role: previous.name },
        after: { role: role.name },
        config: membershipConfig(saved),
      });
      const user = await manager.getRepository(User).findOneByOrFail({ id: userId });
      return { user, membership: saved, role };
    });
    this.nudgeOutbox();
    return member;
  }

  async remove(tenantId: string, actor: AuditActor, actorRole: string | null, userId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const membership = await this.lockMembership(manager, tenantId, userId);
      const role = await manager.getRepository(Role).findOneByOrFail({ tenantId, id: membership.roleId });
      assertMayGrant(actorRole, role);
      if (role.name === 'owner') await this.assertNotLastOwner(manager, tenantId, role.id);
      await manager.delete(Membership, { tenantId, id: membership.id });
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'membership.deleted',
        target: { type: 'user', id: userId },
        before: { role: role.name },
        config: { entity: 'membership', entityId: membership.id, op: 'delete', data: null, version: Date.now() },
      });
    });
    this.nudgeOutbox();
  }

  private async lockMembership(manager: EntityManager, tenantId: string, userId: string): Promise<Membership> {
    const membership = await manager.getRepository(Membership).findOne({ where: { tenantId, userId }, lock: { mode: 'pessimistic_write' } });
    if (!membership) throw new AppError('not_found', 'no such member in this tenant', { field: 'userId' });
    return membership;
  }

  private async assertNotLastOwner(manager: EntityManager, tenantId: string, ownerRoleId: string) {
    const owners = await manager.getRepository(Membership).count({ where: { tenantId, roleId: ownerRoleId } });
    if (owners <= 1) throw new AppError('conflict', 'a tenant must keep at least one owner', { field: 'userId' });
  }
}
