import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { EVENT_HEADERS, TOPICS, type AuditActor, type AuditEvent, type ConfigEntity, type ConfigEvent } from '@causeway/contracts';
import { enqueueOutbox, type OutboxEntry } from '@causeway/messaging';
import { currentCorrelationId } from '@causeway/observability';

export interface ChangeRecord {
  tenantId: string;
  actor: AuditActor;
  /** `<entity>.<verb>`, e.g. `api_key.revoked`. */
  action: string;
  target: { type: string; id: string };
  /** A summary for the audit trail; callers leave secrets and hashes out. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** The config-stream change the data plane needs, when the change affects it. */
  config?: { entity: ConfigEntity; entityId: string; op: 'upsert' | 'delete'; data: Record<string, unknown> | null; version: number };
  outcome?: AuditEvent['outcome'];
}

/**
 * Writes a change's admin audit event (and its config change) into the outbox, inside the
 * caller's transaction: the events exist if and only if the change committed.
 */
export async function recordChange(manager: EntityManager, change: ChangeRecord): Promise<void> {
  const occurredAt = new Date().toISOString();
  const correlationId = currentCorrelationId();
  const audit: AuditEvent = {
    id: randomUUID(),
    specVersion: 1,
    tenantId: change.tenantId,
    occurredAt,
    actor: change.actor,
    action: change.action,
    outcome: change.outcome ?? 'success',
    target: change.target,
    ...(correlationId ? { correlationId } : {}),
    details: { ...(change.before !== undefined ? { before: change.before } : {}), ...(change.after !== undefined ? { after: change.after } : {}) },
  };
  const entries: OutboxEntry[] = [{ topic: TOPICS.audit, key: change.tenantId, payload: audit }];
  if (change.config) {
    const config: ConfigEvent = {
      id: randomUUID(),
      specVersion: 1,
      tenantId: change.tenantId,
      entity: change.config.entity,
      entityId: change.config.entityId,
      op: change.config.op,
      version: change.config.version,
      occurredAt,
      data: change.config.data,
    };
    entries.push({ topic: TOPICS.config, key: change.config.entityId, payload: config, headers: { [EVENT_HEADERS.configEntity]: change.config.entity } });
  }
  await enqueueOutbox(manager, entries);
}
