import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { BUILT_IN_ROLE_PERMISSIONS, BUILT_IN_ROLES, isPermission, scopesBeyondCreator } from '@causeway/authz';
import type { AuditActor } from '@causeway/contracts';
import { DATA_SOURCE, OUTBOX_NUDGE } from '../database/tokens';
import { recordChange } from '../events/record-change';
import { Membership } from '../memberships/membership.entity';
import { Role } from './role.entity';
import { RolesError, RolesErrorCode } from './roles.errors';

export function roleConfig(role: Role) {
  return { entity: 'role' as const, entityId: role.id, op: 'upsert' as const, version: Date.now(), data: { name: role.name, permissions: role.permissions } };
}

function validatePermissions(permissions: string[]): string[] {
  const unknown = permissions.filter((p) => !isPermission(p) && !/^manage:[A-Z][A-Za-z]+$/.test(p));
  if (unknown.length) {
    throw new RolesError(RolesErrorCode.UnknownPermission, `unknown permission ${unknown.map((p) => `"${p}"`).join(', ')}`, 'permissions');
  }
  return [...new Set(permissions)].sort();
}

@Injectable()
export class RolesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
  ) {}

  /** Creates the five built-in roles of a new tenant, inside the tenant's creation transaction. */
  async seedBuiltIns(manager: EntityManager, tenantId: string, actor: AuditActor): Promise<Map<string, Role>> {
    const roles = new Map<string, Role>();
    for (const name of BUILT_IN_ROLES) {
      const role = await manager.save(manager.create(Role, { tenantId, name, builtIn: true, permissions: BUILT_IN_ROLE_PERMISSIONS[name] }));
      roles.set(name, role);
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'role.created',
        target: { type: 'role', id: role.id },
        after: { name, builtIn: true },
        config: roleConfig(role),
      });
    }
    return roles;
  }

  list(tenantId: string): Promise<Role[]> {
    return this.dataSource.getRepository(Role).find({ where: { tenantId }, order: { builtIn: 'DESC', name: 'ASC' } });
  }

  async get(tenantId: string, id: string): Promise<Role> {
    const role = await this.dataSource.getRepository(Role).findOne({ where: { tenantId, id } });
    if (!role) throw new RolesError(RolesErrorCode.NotFound, 'role not found', 'id');
    return role;
  }

  async findByName(tenantId: string, name: string, manager: EntityManager = this.dataSource.manager): Promise<Role> {
    const role = await manager.getRepository(Role).findOne({ where: { tenantId, name } });
    if (!role) throw new RolesError(RolesErrorCode.NotFound, `no role named "${name}" in this tenant`, 'role');
    return role;
  }

  /** A custom role; nobody can create a role granting more than they hold themselves. */
  async create(tenantId: string, actor: AuditActor, actorPermissions: string[], input: { name: string; permissions: string[] }): Promise<Role> {
    const permissions = validatePermissions(input.permissions);
    const beyond = scopesBeyondCreator(permissions, actorPermissions);
    if (beyond.length) throw new RolesError(RolesErrorCode.UnknownPermission, `you do not hold ${beyond.join(', ')}`, 'permissions');
    const role = await this.dataSource.transaction(async (manager) => {
      const exists = await manager.getRepository(Role).exists({ where: { tenantId, name: input.name } });
      if (exists) throw new RolesError(RolesErrorCode.NameTaken, `a role named "${input.name}" exists`, 'name');
      const created = await manager.save(manager.create(Role, { tenantId, name: input.name, builtIn: false, permissions }));
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'role.created',
        target: { type: 'role', id: created.id },
        after: { name: created.name, permissions },
        config: roleConfig(created),
      });
      return created;
    });
    this.nudgeOutbox();
    return role;
  }

  async updatePermissions(tenantId: string, actor: AuditActor, actorPermissions: string[], id: string, permissionsIn: string[]): Promise<Role> {
    const permissions = validatePermissions(permissionsIn);
    const beyond = scopesBeyondCreator(permissions, actorPermissions);
    if (beyond.length) throw new RolesError(RolesErrorCode.UnknownPermission, `you do not hold ${beyond.join(', ')}`, 'permissions');
    const role = await this.dataSource.transaction(async (manager) => {
      const current = await manager.getRepository(Role).findOne({ where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new RolesError(RolesErrorCode.NotFound, 'role not found', 'id');
      if (current.builtIn) throw new RolesError(RolesErrorCode.BuiltInImmutable, 'built-in roles cannot be changed', 'id');
      const before = current.permissions;
      current.permissions = permissions;
      const saved = await manager.save(current);
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'role.updated',
        target: { type: 'role', id },
        before: { permissions: before },
        after: { permissions },
        config: roleConfig(saved),
      });
      return saved;
    });
    this.nudgeOutbox();
    return role;
  }

  async delete(tenantId: string, actor: AuditActor, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const role = await manager.getRepository(Role).findOne({ where: { tenantId, id } });
      if (!role) throw new RolesError(RolesErrorCode.NotFound, 'role not found', 'id');
      if (role.builtIn) throw new RolesError(RolesErrorCode.BuiltInImmutable, 'built-in roles cannot be deleted', 'id');
      if (await manager.getRepository(Membership).exists({ where: { tenantId, roleId: id } })) {
        throw new RolesError(RolesErrorCode.InUse, 'members still hold this role', 'id');
      }
      await manager.delete(Role, { tenantId, id });
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'role.deleted',
        target: { type: 'role', id },
        before: { name: role.name },
        config: { entity: 'role', entityId: id, op: 'delete', data: null, version: Date.now() },
      });
    });
    this.nudgeOutbox();
  }
}
