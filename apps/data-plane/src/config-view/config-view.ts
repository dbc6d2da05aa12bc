import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import {
  approvalPolicySchema,
  configEventSchema,
  DEFAULT_APPROVAL_POLICY,
  type ApprovalPolicy,
  type ConfigEntity,
  type ConfigEvent,
} from '@causeway/contracts';
import type { ReceivedMessage } from '@causeway/messaging';
import { METRIC_NAMES } from '@causeway/observability';
import { frozenList, frozenRecord, shared, sharedPermissionList } from './interning';
import { apiKeyRecord, connectionRecord, membershipRecord, roleRecord, tenantRecord, type ConnectionRecord, type TenantRecord } from './records';
import { SubscriptionsView } from './subscriptions-view';
import { PollingTriggersView } from './polling-triggers-view';
import { TenantCatalogs } from '../tenant-connectors/tenant-catalogs';
import {
  TenantConfig,
  type ApiKeyEntry,
  type ConnectionEntry,
  type MembershipEntry,
  type RoleEntry,
  type SelectedConnection,
  type Stored,
} from './tenant-config';

export type ConfigChange = Pick<ConfigEvent, 'tenantId' | 'entity' | 'entityId' | 'op' | 'version' | 'data'>;
type Source = 'snapshot' | 'stream';

/**
 * The data plane's in-memory view of tenant configuration, built from the control plane's
 * snapshot and then the config stream, so the request path never waits on the control plane
 * or its database and keeps serving on the last good view when they are down.
 *
 * Stream changes are applied in arrival order: Kafka keeps a key's changes in order and the
 * outbox has one publisher, so order is the truth (versions are wall-clock and only
 * informative, so they are not kept). A snapshot entry never overwrites what the stream
 * already delivered. A change the view cannot understand is logged and ignored whole.
 *
 * Layout, for 100k tenants in little memory and one map lookup per call: each tenant's state
 * sits in one `TenantConfig` that every entity of the tenant points to; an API key's entry is
 * found by its prefix and leads to the rest by pointers. The maps by entity id serve config
 * changes only. Values repeated across tenants (built-in roles, provider ids, statuses) are
 * shared (see interning.ts).
 *
 * The one consumer of the config stream in the data plane: the approval gate reads its
 * policies, key creators and member roles here too (`ApprovalPolicySource`).
 */
export class ConfigView {
  private readonly tenantConfigs = new Map<string, TenantConfig>();
  private tenantRecords = 0;
  private readonly roles = new Map<string, RoleEntry>();
  private readonly memberships = new Map<string, MembershipEntry>();
  private readonly apiKeys = new Map<string, ApiKeyEntry>();
  private readonly connections = new Map<string, ConnectionEntry>();
  /** The hot path's one lookup: a presented key's prefix to its entry. */
  private readonly indexes: Indexes = { keyByPrefix: new Map() };
  private lastAppliedAt?: number;
  /** False from `expectSnapshot` until a snapshot is applied: the stream alone may not hold every key yet. */
  private complete = true;
  /** Tenants' own connectors, and the catalog each tenant's calls and listings look tools up in. */
  readonly tenantConnectors = new TenantCatalogs();
  /** Where tenants' provider events are delivered (the delivery worker reads them). */
  readonly eventSubscriptions = new SubscriptionsView();
  /** What the data plane polls; its `polling_triggers` table is projected from this. */
  readonly pollingTriggers = new PollingTriggersView();

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

  applySnapshot(entries: Omit<ConfigChange, 'op'>[]): void {
    for (const entry of entries) this.apply({ ...entry, op: 'upsert' }, 'snapshot');
    this.complete = true;
  }

  /**
   * A replica linked to a control plane takes its start-up snapshot from there; until one is
   * applied, an unknown key may be one the view has not heard of yet rather than a bad one.
   */
  expectSnapshot(): void {
    this.complete = false;
  }

  /** True once the view holds everything it was told to expect (always, for a view fed by the stream alone). */
  get isComplete(): boolean {
    return this.complete;
  }

  apply(event: ConfigChange, source: Source): void {
    if (this.applied(event, source)) this.lastAppliedAt = Date.now();
  }

  /** The API key with this public prefix, with its tenant, or undefined. */
  apiKeyByPrefix(prefix: string): ApiKeyEntry | undefined {
    return this.indexes.keyByPrefix.get(prefix);
  }

  /** The user's current role permissions in the tenant, or undefined when not a member. */
  permissionsOf(tenantId: string, userId: string): readonly string[] | undefined {
    const tenant = this.tenantConfigs.get(tenantId);
    return tenant && this.rolePermissions(tenant, userId);
  }

  /** The role permissions of a member of this tenant (a role of another tenant counts as none). */
  rolePermissions(tenant: TenantConfig, userId: string): readonly string[] | undefined {
    const membership = tenant.membershipOf(userId);
    const role = membership && this.roles.get(membership.roleId);
    return role && role.tenant === tenant ? role.permissions : undefined;
  }

  /** A connection of this tenant, or undefined (also when it belongs to another tenant). */
  connection(tenantId: string, connectionId: string): ConnectionRecord | undefined {
    const entry = this.connections.get(connectionId);
    return entry && entry.tenant.id === tenantId ? entry.selected.connection : undefined;
  }

  /** The tenant's connections to one provider, with their ids (a shared frozen list). */
  connectionsFor(tenantId: string, provider: string): readonly SelectedConnection[] {
    return this.tenantConfig(tenantId)?.connectionsFor(provider) ?? [];
  }

  /** Everything the request path needs of one tenant, or undefined when the view has nothing of it. */
  tenantConfig(tenantId: string): TenantConfig | undefined {
    return this.tenantConfigs.get(tenantId);
  }

  tenant(tenantId: string): TenantRecord | undefined {
    return this.tenantConfigs.get(tenantId)?.record;
  }

  /** Tenants that keep their events longer or shorter than the platform's default, in ms (the pruner asks once a pass). */
  eventRetentionOverrides(): Map<string, number> {
    const overrides = new Map<string, number>();
    for (const [tenantId, tenant] of this.tenantConfigs) {
      const days = tenant.record?.policy.eventRetentionDays;
      if (days !== undefined) overrides.set(tenantId, days * 86_400_000);
    }
    return overrides;
  }

  /** The tenant's approval policy, or the default (every destructive tool needs approval). */
  policyOf(tenantId: string): ApprovalPolicy {
    return this.tenantConfigs.get(tenantId)?.approvalPolicy ?? DEFAULT_APPROVAL_POLICY;
  }

  /** The user who created the key, within that tenant only. */
  keyCreator(tenantId: string, keyId: string): string | undefined {
    const key = this.apiKeys.get(keyId);
    return key && key.tenant.id === tenantId ? key.createdBy : undefined;
  }

  /** The role name of a member of the tenant (a role of another tenant counts as none). */
  roleOf(tenantId: string, userId: string): string | undefined {
    const tenant = this.tenantConfigs.get(tenantId);
    const membership = tenant?.membershipOf(userId);
    const role = membership && this.roles.get(membership.roleId);
    return role && role.tenant === tenant ? role.name : undefined;
  }

  count(entity: ConfigEntity): number {
    switch (entity) {
      case 'tenant':
        return this.tenantRecords;
      case 'role':
        return this.roles.size;
      case 'membership':
        return this.memberships.size;
      case 'api_key':
        return this.apiKeys.size;
      case 'connection':
        return this.connections.size;
      case 'tenant_connector':
        return this.tenantConnectors.size;
      case 'event_subscription':
        return this.eventSubscriptions.size;
      case 'polling_trigger':
        return this.pollingTriggers.size;
      default:
        return 0;
    }
  }

  /** Applies one change; false when it was skipped (older than the stream, unreadable, not ours). */
  private applied(event: ConfigChange, source: Source): boolean {
    switch (event.entity) {
      case 'tenant':
        return this.applyTenant(event, source);
      case 'role':
        return this.applyEntry(this.roles, roles, event, source);
      case 'membership':
        return this.applyEntry(this.memberships, memberships, event, source);
      case 'api_key':
        return this.applyEntry(this.apiKeys, apiKeys, event, source);
      case 'connection':
        return this.applyEntry(this.connections, connections, event, source);
      case 'tenant_connector': {
        const outcome = this.tenantConnectors.apply(event, source);
        return outcome === 'invalid' ? this.ignored(event) : outcome === 'applied';
      }
      case 'policy':
        return this.applyApprovalPolicy(event, source);
      case 'event_subscription': {
        const outcome = this.eventSubscriptions.apply(event, source);
        return outcome === 'invalid' ? this.ignored(event) : outcome === 'applied';
      }
      case 'polling_trigger': {
        const outcome = this.pollingTriggers.apply(event, source);
        return outcome === 'invalid' ? this.ignored(event) : outcome === 'applied';
      }
      default:
        return false;
    }
  }

  /** A tenant's approval policy (entity id = tenant id). A malformed one keeps the last good policy rather than fall back to a laxer default. */
  private applyApprovalPolicy(event: ConfigChange, source: Source): boolean {
    const current = this.tenantConfigs.get(event.tenantId);
    if (source === 'snapshot' && current?.approvalPolicyFromStream) return false;
    if (event.op === 'delete' || event.data === null) {
      if (!current) return true;
      current.approvalPolicy = undefined;
      current.approvalPolicyFromStream = false;
      this.forgetIfEmpty(current);
      return true;
    }
    const policy = parse(approvalPolicySchema, event.data);
    if (!policy) return this.ignored(event);
    const tenant = this.tenantConfigOf(event.tenantId);
    tenant.approvalPolicy = Object.freeze(policy);
    tenant.approvalPolicyFromStream = source === 'stream';
    return true;
  }

  private applyTenant(event: ConfigChange, source: Source): boolean {
    const current = this.tenantConfigs.get(event.entityId);
    if (source === 'snapshot' && current?.recordFromStream) return false;
    let record: TenantRecord | undefined;
    if (event.op !== 'delete') {
      record = parse(tenantRecord, event.data);
      if (!record) return this.ignored(event);
      record = Object.freeze({ slug: record.slug, name: record.name, status: shared(record.status), policy: record.policy });
    }
    const tenant = record ? this.tenantConfigOf(event.entityId) : current;
    if (!tenant) return true;
    if (tenant.record && !record) this.tenantRecords--;
    if (!tenant.record && record) this.tenantRecords++;
    tenant.record = record;
    // A deleted record leaves no mark, as a deleted entry of any kind: a later snapshot entry may bring it back.
    tenant.recordFromStream = record !== undefined && source === 'stream';
    tenant.generation++;
    this.forgetIfEmpty(tenant);
    return true;
  }

  /** One change of a tenant-owned entity: replace (or delete) the entry and its indexes. */
  private applyEntry<E extends Stored>(table: Map<string, E>, kind: Kind<E>, event: ConfigChange, source: Source): boolean {
    const current = table.get(event.entityId);
    if (source === 'snapshot' && current?.fromStream) return false;
    if (event.op === 'delete') {
      table.delete(event.entityId);
    } else {
      const tenant = this.tenantConfigOf(event.tenantId);
      const next = event.data ? kind.build(event.entityId, tenant, source === 'stream', event.data) : undefined;
      if (!next) {
        // Ignored whole: the entry it would have replaced stays as it was.
        this.forgetIfEmpty(tenant);
        return this.ignored(event);
      }
      table.set(event.entityId, next);
      kind.index(next, this.indexes);
      tenant.entries++;
      if (kind.shapesPrincipals) tenant.generation++;
    }
    // Unindexed after the new entry is in, so the tenant is not forgotten in between and an
    // index the new entry took over (same prefix, same user) stays with it.
    if (current) {
      kind.unindex(current, this.indexes);
      current.tenant.entries--;
      if (kind.shapesPrincipals) current.tenant.generation++;
      this.forgetIfEmpty(current.tenant);
    }
    return true;
  }

  private tenantConfigOf(tenantId: string): TenantConfig {
    let tenant = this.tenantConfigs.get(tenantId);
    if (!tenant) this.tenantConfigs.set(tenantId, (tenant = new TenantConfig(tenantId)));
    return tenant;
  }

  private forgetIfEmpty(tenant: TenantConfig): void {
    if (tenant.entries === 0 && !tenant.record && !tenant.approvalPolicy && this.tenantConfigs.get(tenant.id) === tenant) this.tenantConfigs.delete(tenant.id);
  }

  private ignored(event: ConfigChange): false {
    this.logger.warn({ entity: event.entity, entityId: event.entityId }, 'ignored config change with an unexpected shape');
    return false;
  }
}

function parse<T>(schema: { safeParse(data: unknown): { success: true; data: T } | { success: false } }, data: Record<string, unknown> | null): T | undefined {
  if (!data) return undefined;
  const parsed = schema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** How one entity kind is built from a change and kept in the indexes. */
interface Kind<E extends Stored> {
  /** Whether a change can change what a key of the tenant may do (connections are read live instead). */
  shapesPrincipals: boolean;
  build(id: string, tenant: TenantConfig, fromStream: boolean, data: Record<string, unknown>): E | undefined;
  index(entry: E, indexes: Indexes): void;
  unindex(entry: E, indexes: Indexes): void;
}

interface Indexes {
  keyByPrefix: Map<string, ApiKeyEntry>;
}

const nothing = () => undefined;
const roles: Kind<RoleEntry> = { shapesPrincipals: true, build: toRoleEntry, index: nothing, unindex: nothing };
const memberships: Kind<MembershipEntry> = {
  shapesPrincipals: true,
  build: toMembershipEntry,
  index: (entry) => entry.tenant.addMembership(entry),
  unindex: (entry) => entry.tenant.removeMembership(entry),
};
const apiKeys: Kind<ApiKeyEntry> = {
  shapesPrincipals: true,
  build: toApiKeyEntry,
  index: (entry, { keyByPrefix }) => keyByPrefix.set(entry.prefix, entry),
  unindex: (entry, { keyByPrefix }) => {
    if (keyByPrefix.get(entry.prefix) === entry) keyByPrefix.delete(entry.prefix);
  },
};
const connections: Kind<ConnectionEntry> = {
  shapesPrincipals: false,
  build: toConnectionEntry,
  index: (entry) => entry.tenant.addConnection(entry.selected),
  unindex: (entry) => entry.tenant.removeConnection(entry.selected),
};

// Each builder copies what it keeps into one object literal, so every entry of a kind shares
// one shape with its fields in the object itself; repeated values are shared copies.

function toRoleEntry(_id: string, tenant: TenantConfig, fromStream: boolean, data: Record<string, unknown>): RoleEntry | undefined {
  const role = parse(roleRecord, data);
  return role && { tenant, fromStream, name: shared(role.name), permissions: sharedPermissionList(role.permissions) };
}

function toMembershipEntry(_id: string, tenant: TenantConfig, fromStream: boolean, data: Record<string, unknown>): MembershipEntry | undefined {
  const membership = parse(membershipRecord, data);
  return membership && { tenant, fromStream, userId: membership.userId, roleId: membership.roleId };
}

function toApiKeyEntry(id: string, tenant: TenantConfig, fromStream: boolean, data: Record<string, unknown>): ApiKeyEntry | undefined {
  const key = parse(apiKeyRecord, data);
  return (
    key && {
      tenant,
      fromStream,
      id,
      name: shared(key.name),
      prefix: key.prefix,
      secretHash: key.secretHash,
      previousSecretHash: key.previousSecretHash,
      // Parsed once here instead of on every call; an unparseable time (NaN) compares false,
      // as `Date.parse` per call did: no overlap, no expiry.
      previousValidUntilMs: key.previousValidUntil === null ? -Infinity : Date.parse(key.previousValidUntil),
      scopes: sharedPermissionList(key.scopes),
      createdBy: key.createdBy,
      expiresAtMs: key.expiresAt === null ? Infinity : Date.parse(key.expiresAt),
      allowedConnections: frozenList(key.allowedConnections),
      allowedTools: frozenList(key.allowedTools),
      revoked: key.revoked,
    }
  );
}

function toConnectionEntry(id: string, tenant: TenantConfig, fromStream: boolean, data: Record<string, unknown>): ConnectionEntry | undefined {
  const c = parse(connectionRecord, data);
  if (!c) return undefined;
  const connection: ConnectionRecord = Object.freeze({
    provider: shared(c.provider),
    name: shared(c.name),
    authMode: shared(c.authMode),
    kind: shared(c.kind),
    ownerUserId: c.ownerUserId,
    externalUserRef: c.externalUserRef,
    status: shared(c.status),
    params: frozenRecord(c.params),
    serverOverrides: c.serverOverrides && frozenRecord(c.serverOverrides),
  }) as ConnectionRecord;
  return { tenant, fromStream, selected: Object.freeze({ id, connection }) };
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
