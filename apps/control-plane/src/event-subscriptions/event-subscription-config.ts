import type { EventSubscription } from '@causeway/contracts';
import type { EventSubscriptionRecord } from './event-subscription.entity';

/** What the data plane needs to deliver (no secret: it reads that from the secret store). `null` deletes. */
export function eventSubscriptionConfig(record: EventSubscriptionRecord, deleted = false) {
  const data: Omit<EventSubscription, 'id' | 'tenantId'> = {
    types: record.types,
    ...(record.connectionIds?.length ? { connectionIds: record.connectionIds } : {}),
    ...(record.subjectPrefix ? { subjectPrefix: record.subjectPrefix } : {}),
    url: record.url,
    redact: record.redact,
    paused: record.paused,
    createdAt: record.createdAt.toISOString(),
  };
  return {
    entity: 'event_subscription' as const,
    entityId: record.id,
    op: deleted ? ('delete' as const) : ('upsert' as const),
    version: Date.now(),
    data: deleted ? null : (data as Record<string, unknown>),
  };
}
