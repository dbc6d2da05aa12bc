import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { z } from 'zod';
import { tenantAccessPolicySchema, type AuditActor, type TenantAccessPolicy } from '@causeway/contracts';
import { createdAtKey, decodeCursor, encodeCursor, type Page } from '../common/pagination';
import { CONTROL_PLANE_SETTINGS, DATA_SOURCE, OUTBOX_NUDGE } from '../database/tokens';
import { recordChange } from '../events/record-change';
import type { ControlPlaneSettings } from '../auth/auth.service';
import { issueInvitation, type IssuedInvitation } from '../invitations/issue-invitation';
import { RolesService } from '../roles/roles.service';
import { accessPolicyOf, tenantConfig } from './tenant-config';
import { Tenant } from './tenant.entity';
import { parseInput } from '@causeway/platform';
import { TenantsError, TenantsErrorCode } from './tenants.errors';

export const createTenantInput = z.object({
  slug: z
    .string()
    .min(2)
    .max(63)
    .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lowercase letters, digits and inner hyphens only'),
  name: z.string().trim().min(1).max(200),
  adminEmail: z.string().optional(),
});

export type CreateTenantInput = z.input<typeof createTenantInput>;

@Injectable()
export class TenantsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
    private readonly roles: RolesService,
    @Inject(CONTROL_PLANE_SETTINGS) private readonly settings: Pick<ControlPlaneSettings, 'publicUrl'>,
  ) {}

  /**
   * Creates a tenant with its built-in roles and, when given, an invitation for its first
   * owner — all in one transaction with their audit and config events: the tenant exists if
   * and only if every event will be published. The owner joins by accepting the invitation;
   * nobody here sets or learns anything about that email's account.
   */
  async createTenant(actor: AuditActor, input: CreateTenantInput): Promise<{ tenant: Tenant; ownerInvitation: IssuedInvitation | null }> {
    const { slug, name, adminEmail } = parseInput(createTenantInput, input, { whole: 'input' });
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
        const ownerInvitation =
          adminEmail === undefined
            ? null
            : await issueInvitation(manager, { tenantId: tenant.id, actor, email: adminEmail, role: roles.get('owner')!, publicUrl: this.settings.publicUrl });
        return { tenant, ownerInvitation };
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
    const policy = parseInput(tenantAccessPolicySchema, input, { whole: 'policy' });
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

  /** Every tenant of the platform, oldest first: for operators only, which the resolver enforces. */
  async list(first: number, after?: string | null): Promise<Page<Tenant>> {
    const cursor = after ? decodeCursor(after) : null;
    const at = createdAtKey('t');
    const qb = this.dataSource
      .getRepository(Tenant)
      .createQueryBuilder('t')
      .orderBy(at, 'ASC')
      .addOrderBy('t.id', 'ASC')
      .take(first + 1);
    if (cursor) qb.where(`(${at}, t.id) > (:at, :id)`, { at: cursor.at, id: cursor.id });
    const rows = await qb.getMany();
    return { items: rows.slice(0, first), hasNextPage: rows.length > first, cursorOf: (t) => encodeCursor(t.createdAt, t.id) };
  }

  findBySlug(slug: string): Promise<Tenant | null> {
    return this.dataSource.getRepository(Tenant).findOne({ where: { slug } });
  }

  findById(id: string): Promise<Tenant | null> {
    return this.dataSource.getRepository(Tenant).findOne({ where: { id } });
  }
}
