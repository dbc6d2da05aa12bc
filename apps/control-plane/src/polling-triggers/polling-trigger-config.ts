import type { PollingTriggerConfig } from '@causeway/contracts';
import type { PollingTriggerRecord } from './polling-trigger.entity';

/** What the data plane needs to poll (`polling_trigger` on the config stream); `null` data deletes. */
export function pollingTriggerConfig(record: PollingTriggerRecord, deleted = false) {
  // The row's kind and params were checked together when written; the column types cannot say they match.
  const data = {
    kind: record.kind,
    params: record.params,
    connectionId: record.connectionId,
    enabled: record.enabled,
    createdAt: record.createdAt.toISOString(),
  } as Omit<PollingTriggerConfig, 'id' | 'tenantId'>;
  return {
    entity: 'polling_trigger' as const,
    entityId: record.id,
    op: deleted ? ('delete' as const) : ('upsert' as const),
    version: Date.now(),
    data: deleted ? null : (data as Record<string, unknown>),
  };
}
