import type { ITopicConfig } from 'kafkajs';
import { TOPICS } from '@causeway/contracts';

/** Default replay horizon of `causeway.events.v1`; the data plane sets its own (EVENTS_TOPIC_RETENTION_MS). */
const EVENTS_RETENTION_MS = 7 * 24 * 3600_000;

/** Topic layout (architecture brief §5): audit keyed by tenant, config compacted by entity. */
export function causewayTopics(replicationFactor = 1, { eventsRetentionMs = EVENTS_RETENTION_MS }: { eventsRetentionMs?: number } = {}): ITopicConfig[] {
  return [
    { topic: TOPICS.audit, numPartitions: 6, replicationFactor },
    { topic: TOPICS.auditDeadLetter, numPartitions: 1, replicationFactor },
    {
      topic: TOPICS.config,
      numPartitions: 3,
      replicationFactor,
      configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
    },
    // Kept for replay, for one retention of the whole topic (set when it is created); the per-tenant retention is the data plane's store's.
    { topic: TOPICS.events, numPartitions: 6, replicationFactor, configEntries: [{ name: 'retention.ms', value: String(eventsRetentionMs) }] },
  ];
}
