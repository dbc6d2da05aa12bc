import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { z } from 'zod';
import { TOPICS, type AuditActor, type AuditEvent, type ConfigEvent } from '@causeway/contracts';
import { enqueueOutbox } from '@causeway/messaging';
import { DATA_SOURCE, OUTBOX_NUDGE } from '../database/tokens';
import { Tenant } from './tenant.entity';
import { TenantsError, TenantsErrorCode } from './tenants.errors';

export const createTenantInput = z.object({
  slug: z
    .string()
    .min(2)
    .max(63)
    .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lowercase letters, digits and inner hyphens only'),
  name: z.string().trim().min(1).max(200),
});

export type CreateTenantInput = z.infer<typeof createTenantInput>;

@Injectable()
export class TenantsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
  ) {}

  /**
   * Creates a tenant and, in the same transaction, its admin audit event and config change:
   * the tenant exists if and only if both events will be published.
   */
  async createTenant(actor: AuditActor, input: CreateTenantInput): Promise<Tenant> {
    const parsed = createTenantInput.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.join('.');
      throw new TenantsError(TenantsErrorCode.InvalidInput, `${field}: ${issue.message}`, field);
    }
    const { slug, name } = parsed.data;
    try {
      const tenant = await this.dataSource.transaction(async (manager) => {
        const created = await manager.getRepository(Tenant).save(manager.create(Tenant, { slug, name }));
        const now = new Date().toISOString();
        const audit: AuditEvent = {
          id: randomUUID(),
          specVersion: 1,
          tenantId: created.id,
          occurredAt: now,
          actor,
          action: 'tenant.created',
          outcome: 'success',
          target: { type: 'tenant', id: created.id },
          details: { after: { slug, name, status: created.status } },
        };
        const config: ConfigEvent = {
          id: randomUUID(),
          specVersion: 1,
          tenantId: created.id,
          entity: 'tenant',
          entityId: created.id,
          op: 'upsert',
          version: created.updatedAt.getTime(),
          occurredAt: now,
          data: { slug, name, status: created.status },
        };
        await enqueueOutbox(manager, [
          { topic: TOPICS.audit, key: created.id, payload: audit },
          { topic: TOPICS.config, key: created.id, payload: config },
        ]);
        return created;
      });
      this.nudgeOutbox();
      return tenant;
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '23505') {
        throw new TenantsError(TenantsErrorCode.SlugTaken, `slug "${slug}" is already taken`, 'slug');
      }
      throw error;
    }
  }

  async findBySlug(slug: string): Promise<Tenant | null> {
    return this.dataSource.getRepository(Tenant).findOne({ where: { slug } });
  }
}
