import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { POLLING_KIND_PROVIDER, pollingTriggerSpecSchema, type AuditActor, type PollingTriggerSpec } from '@causeway/contracts';
import { Connection } from '../connections/connection.entity';
import { DATA_SOURCE, OUTBOX_NUDGE } from '../database/tokens';
import { recordChange } from '../events/record-change';
import { PollingTriggerRecord } from './polling-trigger.entity';
import { pollingTriggerConfig } from './polling-trigger-config';
import { PollingTriggersError, PollingTriggersErrorCode as Code } from './polling-triggers.errors';

export const POLLING_TRIGGERS_PER_TENANT = 50;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NewPollingTrigger {
  connectionId: string;
  kind: string;
  params?: Record<string, unknown> | null;
}

export interface PollingTriggerChange {
  enabled?: boolean | null;
  params?: Record<string, unknown> | null;
}

/**
 * Tenants' polling triggers: validated whole (the kind, its params, a connection of the kind's
 * provider in this tenant) before anything is written; each change carries its config change
 * for the data plane and its audit event in one transaction. The data plane polls them and
 * keeps their cursors.
 */
@Injectable()
export class PollingTriggersService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(OUTBOX_NUDGE) private readonly nudgeOutbox: () => void,
  ) {}

  list(tenantId: string): Promise<PollingTriggerRecord[]> {
    return this.dataSource.getRepository(PollingTriggerRecord).find({ where: { tenantId }, order: { createdAt: 'ASC' } });
  }

  async get(tenantId: string, id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<PollingTriggerRecord> {
    const found = uuid.test(id)
      ? await manager.findOne(PollingTriggerRecord, { where: { tenantId, id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) })
      : null;
    // Another tenant's id gets the same answer as an unknown one.
    if (!found) throw new PollingTriggersError(Code.NotFound, 'id: no such polling trigger in this tenant', 'id');
    return found;
  }

  async create(tenantId: string, actor: AuditActor, input: NewPollingTrigger): Promise<PollingTriggerRecord> {
    const spec = validSpec(input.kind, input.params);
    const saved = await this.dataSource.transaction(async (manager) => {
      await this.checkConnection(manager, tenantId, input.connectionId, spec);
      const count = await manager.count(PollingTriggerRecord, { where: { tenantId } });
      if (count >= POLLING_TRIGGERS_PER_TENANT)
        throw new PollingTriggersError(Code.TooMany, `the tenant has ${count} polling triggers, the most it may have`, 'connectionId');
      const record = await manager.save(
        manager.create(PollingTriggerRecord, { tenantId, connectionId: input.connectionId, ...spec, enabled: true, createdBy: actor.id }),
      );
      await this.record(manager, actor, record, 'polling_trigger.created', null);
      return record;
    });
    this.nudgeOutbox();
    return saved;
  }

  /** Enables or disables a trigger, or replaces its params (checked against its kind); its cursor stays. */
  async update(tenantId: string, actor: AuditActor, id: string, change: PollingTriggerChange): Promise<PollingTriggerRecord> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const found = await this.get(tenantId, id, manager, true);
      const before = summary(found);
      if (change.params !== undefined && change.params !== null) found.params = validSpec(found.kind, change.params).params;
      if (typeof change.enabled === 'boolean') found.enabled = change.enabled;
      const next = await manager.save(found);
      await this.record(manager, actor, next, 'polling_trigger.updated', before);
      return next;
    });
    this.nudgeOutbox();
    return saved;
  }

  async delete(tenantId: string, actor: AuditActor, id: string): Promise<PollingTriggerRecord> {
    const deleted = await this.dataSource.transaction(async (manager) => {
      const found = await this.get(tenantId, id, manager, true);
      await manager.delete(PollingTriggerRecord, { tenantId, id: found.id });
      await recordChange(manager, {
        tenantId,
        actor,
        action: 'polling_trigger.deleted',
        target: { type: 'polling_trigger', id: found.id },
        before: summary(found),
        after: null,
        config: pollingTriggerConfig(found, true),
      });
      return found;
    });
    this.nudgeOutbox();
    return deleted;
  }

  private async checkConnection(manager: EntityManager, tenantId: string, connectionId: string, spec: PollingTriggerSpec): Promise<void> {
    const connection = uuid.test(connectionId) ? await manager.findOne(Connection, { where: { tenantId, id: connectionId } }) : null;
    if (!connection) throw new PollingTriggersError(Code.InvalidInput, 'connectionId: no such connection in this tenant', 'connectionId');
    const provider = POLLING_KIND_PROVIDER[spec.kind];
    if (connection.provider !== provider)
      throw new PollingTriggersError(
        Code.InvalidInput,
        `connectionId: a ${spec.kind} trigger polls a ${provider} connection, not ${connection.provider}`,
        'connectionId',
      );
  }

  private record(manager: EntityManager, actor: AuditActor, trigger: PollingTriggerRecord, action: string, before: Record<string, unknown> | null) {
    return recordChange(manager, {
      tenantId: trigger.tenantId,
      actor,
      action,
      target: { type: 'polling_trigger', id: trigger.id },
      before,
      after: summary(trigger),
      config: pollingTriggerConfig(trigger),
    });
  }
}

/** The kind and params, as the contract checks them: the first problem names its field (`kind`, `params.jql`, `params.object`). */
function validSpec(kind: string, params: Record<string, unknown> | null | undefined): PollingTriggerSpec {
  const parsed = pollingTriggerSpecSchema.safeParse({ kind, params: params ?? undefined });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.map(String).join('.') || 'kind';
  throw new PollingTriggersError(Code.InvalidInput, `${field}: ${issue.message}`, field);
}

function summary(t: PollingTriggerRecord): Record<string, unknown> {
  return { connectionId: t.connectionId, kind: t.kind, params: t.params, enabled: t.enabled };
}
