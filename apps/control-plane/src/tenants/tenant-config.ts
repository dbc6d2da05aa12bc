import { DEFAULT_TENANT_ACCESS_POLICY, tenantAccessPolicySchema, type ConfigEvent, type TenantAccessPolicy } from '@causeway/contracts';
import type { Tenant } from './tenant.entity';

/** The stored policy with its defaults; a stored value that no longer parses counts as the defaults. */
export function accessPolicyOf(tenant: Tenant): TenantAccessPolicy {
  const parsed = tenantAccessPolicySchema.safeParse(tenant.accessPolicy ?? {});
  return parsed.success ? parsed.data : DEFAULT_TENANT_ACCESS_POLICY;
}

/** The tenant as the data plane sees it on the config stream and in the snapshot. */
export function tenantConfig(tenant: Tenant): Pick<ConfigEvent, 'entity' | 'entityId' | 'op' | 'version' | 'data'> {
  return {
    entity: 'tenant',
    entityId: tenant.id,
    op: 'upsert',
    version: Date.now(),
    data: { slug: tenant.slug, name: tenant.name, status: tenant.status, policy: accessPolicyOf(tenant) },
  };
}
