import { Controller, Get, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConfigEvent } from '@causeway/contracts';
import { apiKeyConfig, ApiKeysService } from '../api-keys/api-keys.service';
import { ApprovalPoliciesService, policyConfig } from '../approvals/approval-policies.service';
import { InternalOnly } from '../auth/access-levels';
import { tableOf } from './config-changes.controller';
import { Connection } from '../connections/connection.entity';
import { connectionConfig } from '../connections/connection-config';
import { DATA_SOURCE } from '../database/tokens';
import { EventSubscriptionRecord } from '../event-subscriptions/event-subscription.entity';
import { PollingTriggerRecord } from '../polling-triggers/polling-trigger.entity';
import { pollingTriggerConfig } from '../polling-triggers/polling-trigger-config';
import { eventSubscriptionConfig } from '../event-subscriptions/event-subscription-config';
import { Membership } from '../memberships/membership.entity';
import { membershipConfig } from '../memberships/memberships.service';
import { Role } from '../roles/role.entity';
import { roleConfig } from '../roles/roles.service';
import { activeTenantConnectors } from '../tenant-connectors/active-connectors';
import { tenantConnectorConfig } from '../tenant-connectors/tenant-connector-config';
import { tenantConfig } from '../tenants/tenant-config';
import { Tenant } from '../tenants/tenant.entity';

type SnapshotEntry = Pick<ConfigEvent, 'tenantId' | 'entity' | 'entityId' | 'version' | 'data'>;

/**
 * The whole current configuration, for a data-plane replica starting up. Service-to-service
 * only (internal token). Versions are the same as on the config stream, so a replica can
 * apply the snapshot and then the stream without going backwards.
 */
@Controller('internal/config')
export class ConfigSnapshotController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysService,
    private readonly approvalPolicies: ApprovalPoliciesService,
  ) {}

  @InternalOnly()
  @Get('snapshot')
  async snapshot(): Promise<{ takenAt: string; head: string; entries: SnapshotEntry[] }> {
    const takenAt = new Date().toISOString();
    // Read before the entities: every change not in them has a larger seq, which the
    // replica's side channel then asks for (config-changes.controller.ts).
    const [{ head }] = (await this.dataSource.query(`SELECT coalesce(max(seq), 0)::text AS head FROM ${tableOf(this.dataSource)}`)) as { head: string }[];
    const [tenants, roles, memberships, keys, connections, policies, tenantConnectors, subscriptions, triggers] = await Promise.all([
      this.dataSource.getRepository(Tenant).find(),
      this.dataSource.getRepository(Role).find(),
      this.dataSource.getRepository(Membership).find(),
      this.apiKeys.activeForSnapshot(),
      this.dataSource.getRepository(Connection).find(),
      this.approvalPolicies.all(),
      activeTenantConnectors(this.dataSource),
      this.dataSource.getRepository(EventSubscriptionRecord).find(),
      this.dataSource.getRepository(PollingTriggerRecord).find(),
    ]);
    // Versions at the time of the read; any later change on the stream carries a larger one.
    const version = (d: Date) => d.getTime();
    const entries: SnapshotEntry[] = [
      ...tenants.map((t) => ({ tenantId: t.id, ...tenantConfig(t), version: version(t.updatedAt) })),
      ...roles.map((r) => ({ tenantId: r.tenantId, ...roleConfig(r), version: version(r.updatedAt) })),
      ...memberships.map((m) => ({ tenantId: m.tenantId, ...membershipConfig(m), version: version(m.updatedAt) })),
      ...keys.map((k) => ({ tenantId: k.tenantId, ...apiKeyConfig(k), version: version(k.updatedAt) })),
      ...connections.map((c) => ({ tenantId: c.tenantId, ...connectionConfig(c), version: version(c.updatedAt) })),
      ...policies.map((p) => ({ tenantId: p.tenantId, ...policyConfig(p.tenantId, p.policy), version: version(p.updatedAt) })),
      ...tenantConnectors.map(({ connector, active }) => ({
        tenantId: connector.tenantId,
        ...tenantConnectorConfig(connector, active),
        version: version(connector.updatedAt),
      })),
      ...subscriptions.map((s) => ({ tenantId: s.tenantId, ...eventSubscriptionConfig(s), version: version(s.updatedAt) })),
      ...triggers.map((t) => ({ tenantId: t.tenantId, ...pollingTriggerConfig(t), version: version(t.updatedAt) })),
    ].map(({ tenantId, entity, entityId, version: v, data }) => ({ tenantId, entity, entityId, version: v, data }));
    return { takenAt, head, entries };
  }
}
