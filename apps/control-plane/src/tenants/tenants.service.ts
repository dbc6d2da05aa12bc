import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { z } from 'zod';
import { tenantAccessPolicySchema, type AuditActor, type TenantAccessPolicy } from '@causeway/contracts';
import { DATA_SOURCE, OUTBOX_NUDGE } from '../database/tokens';
import { recordChange } from '../events/record-change';
import { Membership } from '../memberships/membership.entity';
import { membershipConfig } from '../memberships/memberships.service';
import { RolesService } from '../roles/roles.service';
import { UsersService } from '../users/users.service';
import { accessPolicyOf, tenantConfig } from './tenant-config';
import { Tenant } from './tenant.entity';
import { TenantsError, TenantsErrorCode } from './tenants.errors';

export const createTenantInput = z.object({
  slug: z
    .string()
    .min(2)
    .max(63)
    .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lowercase letters, digits and inner hyphens only'),
  name: z.string().trim().min(1).max(200),
  adminEmail: z.string().optional(),
  adminPassword: z.string().optional(),
});

export type CreateTenantInput = z.input<typeof createTenantInput>;

@Injectable()
export class TenantsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
    private readonly roles: RolesService,
    private readonly users: UsersService,
  ) {}

  /**
   * Creates a tenant with its built-in roles and, when given, its first owner — all in one
   * transaction with their audit and config events: the tenant exists if and only if every
   * event will be published.
   */
  async createTenant(actor: AuditActor, input: CreateTenantInput): Promise<{ tenant: Tenant; ownerId: string | null }> {
    const parsed = createTenantInput.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.join('.');
      throw new TenantsError(TenantsErrorCode.InvalidInput, `${field}: ${issue.message}`, field);
    }
    const { slug, name, adminEmail, adminPassword } = parsed.data;
    try {
      const result = await this.dataSource.transaction(async (manager) => {
        const tenant = await manager.getRepository(Tenant).save(manager.create(Tenant, { slug, name }));
        await recordChange(manager, {
          tenantId: tenant.id,
          actor,
          action: 'tenant.created',
          target: { type: 'tenant', id: tenant.id },
          after: { slug, name, status: tenant.status },
          config: tenantConfig(tenant),
        });
        const roles = await this.roles.seedBuiltIns(manager, tenant.id, actor);
        let ownerId: string | null = null;
        if (adminEmail !== undefined) {
          const { user, created } = await this.users.findOrCreate(manager, adminEmail, adminPassword);
          const owner = roles.get('owner')!;
          const membership = await manager.save(manager.create(Membership, { tenantId: tenant.id, userId: user.id, roleId: owner.id }));
          await recordChange(manager, {
            tenantId: tenant.id,
            actor,
            action: 'membership.created',
            target: { type: 'user', id: user.id },
            after: { email: user.email, role: 'owner', newUser: created },
            config: membershipConfig(membership),
          });
          ownerId = user.id;
        }
        return { tenant, ownerId };
      });
      this.nudgeOutbox();
      return result;
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '23505') {
        throw new TenantsError(TenantsErrorCode.SlugTaken, `slug "${slug}" is already taken`, 'slug');
      }
      throw error;
    }
  }

  /**
   * Replaces the tenant's access policy: validated whole (a field left out takes its default),
   * stored with its admin audit event and the tenant's config change in one transaction, so
   * every data-plane replica applies it from the stream within moments.
   */
  async setAccessPolicy(tenantId: string, actor: AuditActor, input: unknown): Promise<TenantAccessPolicy> {
    const parsed = tenantAccessPolicySchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.join('.');
      throw new TenantsError(TenantsErrorCode.InvalidInput, `${field || 'policy'}: ${issue.message}`, field || undefined);
    }
    const policy = parsed.data;
    await this.dataSource.transaction(async (manager) => {
      const tenant = await manager.getRepository(Tenant).findOne({ where: { id: tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!tenant) throw new TenantsError(TenantsErrorCode.NotFound, 'tenant not found');
      const before = accessPolicyOf(tenant);
      tenant.accessPolicy = policy;
      await manager.getRepository(Tenant).save(tenant);
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'tenant.policy_changed',
        target: { type: 'tenant', id: tenantId },
        before: { policy: before },
        after: { policy },
        config: tenantConfig(tenant),
      });
    });
    this.nudgeOutbox();
    return policy;
  }

  findBySlug(slug: string): Promise<Tenant | null> {
    return this.dataSource.getRepository(Tenant).findOne({ where: { slug } });
  }

  findById(id: string): Promise<Tenant | null> {
    return this.dataSource.getRepository(Tenant).findOne({ where: { id } });
  }
}
