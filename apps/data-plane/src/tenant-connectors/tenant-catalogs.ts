import { z } from 'zod';
import { catalog as builtIns, createCatalog, providerDefinitionSchema, type Catalog, type ProviderDefinition } from '@causeway/connectors';

/** Tenant connectors' provider ids; no built-in has it (the control plane checks uploads against both). */
export const TENANT_PROVIDER_PREFIX = 't_';

const tenantConnectorRecord = z.object({
  providerId: z.string().startsWith(TENANT_PROVIDER_PREFIX),
  version: z.number().int().min(1),
  definition: providerDefinitionSchema,
});

export interface TenantConnectorChange {
  tenantId: string;
  entityId: string;
  op: 'upsert' | 'delete';
  data: Record<string, unknown> | null;
}

/** One tenant's connectors: the definitions once, and the catalog calls and listings read, built on first use. */
interface TenantConnectors {
  readonly byEntity: Map<string, { provider: ProviderDefinition; fromStream: boolean }>;
  catalog: Catalog | undefined;
}

/**
 * The tenants' own connectors as the data plane sees them: one copy of each active definition
 * per tenant (never per key or connection), and per tenant a catalog in which they sit beside
 * the built-ins, so a call, a listing and the engine look tools up one way. Tenants without a
 * connector share the built-in catalog itself.
 */
export class TenantCatalogs {
  private readonly tenants = new Map<string, TenantConnectors>();

  /** Applies one config change: `stale` for a snapshot entry the stream overtook, `invalid` when it is unreadable or outside the tenant namespace. */
  apply(change: TenantConnectorChange, source: 'snapshot' | 'stream'): 'applied' | 'stale' | 'invalid' {
    const current = this.tenants.get(change.tenantId);
    if (source === 'snapshot' && current?.byEntity.get(change.entityId)?.fromStream) return 'stale';
    if (change.op === 'delete') {
      if (!current) return 'applied';
      current.byEntity.delete(change.entityId);
      this.changed(change.tenantId, current);
      return 'applied';
    }
    const provider = readDefinition(change.data);
    if (!provider) return 'invalid';
    const tenant = current ?? { byEntity: new Map(), catalog: undefined };
    // Another connector of the tenant already holds the provider id (a stale delete still to come): refuse, never merge.
    for (const [entityId, other] of tenant.byEntity) if (entityId !== change.entityId && other.provider.id === provider.id) return 'invalid';
    tenant.byEntity.set(change.entityId, { provider, fromStream: source === 'stream' });
    this.tenants.set(change.tenantId, tenant);
    this.changed(change.tenantId, tenant);
    return 'applied';
  }

  /** The built-ins plus the tenant's active connectors. */
  catalogFor(tenantId: string): Catalog {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) return builtIns;
    return (tenant.catalog ??= withBuiltIns([...tenant.byEntity.values()].map((entry) => entry.provider)));
  }

  /** Connectors held, for the config gauge. */
  get size(): number {
    let count = 0;
    for (const tenant of this.tenants.values()) count += tenant.byEntity.size;
    return count;
  }

  private changed(tenantId: string, tenant: TenantConnectors): void {
    // Derived views are replaced, not edited: a call holding the old catalog finishes on it.
    tenant.catalog = undefined;
    if (tenant.byEntity.size === 0) this.tenants.delete(tenantId);
  }
}

/**
 * A definition the data plane will run: the shape of the format, a provider id in the tenant
 * namespace, and every tool under that provider, so no change on the stream can put a tool
 * under a built-in's name.
 */
function readDefinition(data: Record<string, unknown> | null): ProviderDefinition | undefined {
  const parsed = tenantConnectorRecord.safeParse(data);
  if (!parsed.success) return undefined;
  const { providerId, definition } = parsed.data;
  if (definition.id !== providerId || builtIns.provider(providerId)) return undefined;
  if (definition.actions.some((action) => !action.id.startsWith(`${providerId}.`))) return undefined;
  return Object.freeze(definition) as ProviderDefinition;
}

function withBuiltIns(providers: ProviderDefinition[]): Catalog {
  const own = createCatalog(providers);
  return {
    providers: [...builtIns.providers, ...providers],
    provider: (id) => builtIns.provider(id) ?? own.provider(id),
    findAction: (id) => builtIns.findAction(id) ?? own.findAction(id),
    listActions: () => [...builtIns.listActions(), ...own.listActions()],
  };
}
