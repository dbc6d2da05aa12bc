import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import { configEventSchema, type ConfigEntity, type ConfigEvent } from '@causeway/contracts';
import type { ReceivedMessage } from '@causeway/messaging';
import { METRIC_NAMES } from '@causeway/observability';
import {
  apiKeyRecord,
  connectionRecord,
  membershipRecord,
  roleRecord,
  tenantRecord,
  type ApiKeyRecord,
  type ConnectionRecord,
  type MembershipRecord,
  type RoleRecord,
  type TenantRecord,
} from './records';

interface Entry<T> {
  tenantId: string;
  version: number;
  /** Stream changes always win over the start-up snapshot, never the other way round. */
  source: 'snapshot' | 'stream';
  value: T;
}

/**
 * The data plane's in-memory view of tenant configuration, built from the control plane's
 * snapshot and then the config stream, so the request path never waits on the control plane
 * or its database and keeps serving on the last good view when they are down.
 *
 * Stream changes are applied in arrival order: Kafka keeps a key's changes in order and the
 * outbox has one publisher, so order is the truth (versions are wall-clock and only
 * informative). A snapshot entry never overwrites what the stream already delivered.
 */
export class ConfigView {
  private readonly tenants = new Map<string, Entry<TenantRecord>>();
  private readonly roles = new Map<string, Entry<RoleRecord>>();
  private readonly memberships = new Map<string, Entry<MembershipRecord>>();
  private readonly apiKeys = new Map<string, Entry<ApiKeyRecord>>();
  private readonly connections = new Map<string, Entry<ConnectionRecord>>();
  /** Secondary indexes for the hot path. */
  private readonly keyByPrefix = new Map<string, string>();
  private readonly membershipByUser = new Map<string, string>();
  private readonly connectionsByTenant = new Map<string, Set<string>>();
  private lastAppliedAt?: number;

  constructor(
    private readonly logger: Logger,
    registry: Registry,
  ) {
    const age: Gauge = new Gauge({
      name: METRIC_NAMES.configAge,
      help: 'Seconds since the last config change was applied (-1 before the first)',
      registers: [registry],
      collect: () => age.set(this.lastAppliedAt ? (Date.now() - this.lastAppliedAt) / 1000 : -1),
    });
  }

  async handleBatch(messages: ReceivedMessage[]): Promise<void> {
    for (const message of messages) {
      const event = safeParse(message.value);
      if (!event) {
        this.logger.warn({ offset: message.offset, partition: message.partition }, 'ignored malformed config event');
        continue;
      }
      this.apply(event, 'stream');
    }
  }

  applySnapshot(entries: Pick<ConfigEvent, 'tenantId' | 'entity' | 'entityId' | 'version' | 'data'>[]): void {
    for (const entry of entries) this.apply({ ...entry, op: 'upsert' }, 'snapshot');
  }

  apply(event: Pick<ConfigEvent, 'tenantId' | 'entity' | 'entityId' | 'op' | 'version' | 'data'>, source: 'snapshot' | 'stream'): void {
    const table = this.tableOf(event.entity);
    if (!table) return;
    const current = table.get(event.entityId);
    if (source === 'snapshot' && current?.source === 'stream') return;
    this.unindex(event.entity, event.entityId, current);
    if (event.op === 'delete') {
      table.delete(event.entityId);
    } else {
      const value = this.parseRecord(event.entity, event.data);
      if (!value) {
        this.logger.warn({ entity: event.entity, entityId: event.entityId }, 'ignored config change with an unexpected shape');
        return;
      }
      const entry = { tenantId: event.tenantId, version: event.version, source, value } as Entry<never>;
      table.set(event.entityId, entry);
      this.index(event.entity, event.entityId, entry);
    }
    this.lastAppliedAt = Date.now();
  }

  apiKeyByPrefix(prefix: string): { id: string; tenantId: string; key: ApiKeyRecord } | undefined {
    const id = this.keyByPrefix.get(prefix);
    const entry = id ? this.apiKeys.get(id) : undefined;
    return entry && id ? { id, tenantId: entry.tenantId, key: entry.value } : undefined;
  }

  /** The user's current role permissions in the tenant, or undefined when not a member. */
  permissionsOf(tenantId: string, userId: string): string[] | undefined {
    const membershipId = this.membershipByUser.get(`${tenantId}/${userId}`);
    const membership = membershipId ? this.memberships.get(membershipId) : undefined;
    if (!membership) return undefined;
    const role = this.roles.get(membership.value.roleId);
    return role && role.tenantId === tenantId ? role.value.permissions : undefined;
  }

  /** A connection of this tenant, or undefined (also when it belongs to another tenant). */
  connection(tenantId: string, connectionId: string): ConnectionRecord | undefined {
    const entry = this.connections.get(connectionId);
    return entry && entry.tenantId === tenantId ? entry.value : undefined;
  }

  /** The tenant's connections to one provider, with their ids. */
  connectionsFor(tenantId: string, provider: string): { id: string; connection: ConnectionRecord }[] {
    const out: { id: string; connection: ConnectionRecord }[] = [];
    for (const id of this.connectionsByTenant.get(tenantId) ?? []) {
      const entry = this.connections.get(id);
      if (entry && entry.value.provider === provider) out.push({ id, connection: entry.value });
    }
    return out;
  }

  tenant(tenantId: string): TenantRecord | undefined {
    return this.tenants.get(tenantId)?.value;
  }

  count(entity: ConfigEntity): number {
    return this.tableOf(entity)?.size ?? 0;
  }

  private tableOf(entity: ConfigEntity): Map<string, Entry<unknown>> | undefined {
    switch (entity) {
      case 'tenant':
        return this.tenants as Map<string, Entry<unknown>>;
      case 'role':
        return this.roles as Map<string, Entry<unknown>>;
      case 'membership':
        return this.memberships as Map<string, Entry<unknown>>;
      case 'api_key':
        return this.apiKeys as Map<string, Entry<unknown>>;
      case 'connection':
        return this.connections as Map<string, Entry<unknown>>;
      default:
        return undefined; // policies arrive with their feature
    }
  }

  private parseRecord(entity: ConfigEntity, data: Record<string, unknown> | null): unknown {
    if (!data) return undefined;
    const parser = { tenant: tenantRecord, role: roleRecord, membership: membershipRecord, api_key: apiKeyRecord, connection: connectionRecord }[entity as 'tenant'];
    const parsed = parser?.safeParse(data);
    return parsed?.success ? parsed.data : undefined;
  }

  private index(entity: ConfigEntity, id: string, entry: Entry<never>): void {
    if (entity === 'api_key') this.keyByPrefix.set((entry.value as ApiKeyRecord).prefix, id);
    if (entity === 'membership') this.membershipByUser.set(`${entry.tenantId}/${(entry.value as MembershipRecord).userId}`, id);
    if (entity === 'connection') {
      let ids = this.connectionsByTenant.get(entry.tenantId);
      if (!ids) this.connectionsByTenant.set(entry.tenantId, (ids = new Set()));
      ids.add(id);
    }
  }

  private unindex(entity: ConfigEntity, id: string, current: Entry<unknown> | undefined): void {
    if (!current) return;
    if (entity === 'api_key') this.keyByPrefix.delete((current.value as ApiKeyRecord).prefix);
    if (entity === 'membership') {
      const key = `${current.tenantId}/${(current.value as MembershipRecord).userId}`;
      if (this.membershipByUser.get(key) === id) this.membershipByUser.delete(key);
    }
    if (entity === 'connection') {
      const ids = this.connectionsByTenant.get(current.tenantId);
      ids?.delete(id);
      if (ids?.size === 0) this.connectionsByTenant.delete(current.tenantId);
    }
  }
}

function safeParse(value: string | null): ConfigEvent | undefined {
  if (value === null) return undefined;
  try {
    const result = configEventSchema.safeParse(JSON.parse(value));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
