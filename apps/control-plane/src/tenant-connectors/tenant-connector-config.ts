import type { TenantConnector, TenantConnectorVersion } from './tenant-connector.entity';

/**
 * The config change the data plane needs: the active version's definition, per tenant (so a
 * data plane keeps one copy per tenant, not per connection or key). `null` deletes.
 */
export function tenantConnectorConfig(connector: TenantConnector, active: TenantConnectorVersion | null) {
  return {
    entity: 'tenant_connector' as const,
    entityId: connector.id,
    op: active ? ('upsert' as const) : ('delete' as const),
    version: Date.now(),
    data: active ? { providerId: connector.providerId, version: active.version, definition: active.definition as unknown as Record<string, unknown> } : null,
  };
}
