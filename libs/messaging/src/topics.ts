import type { ITopicConfig } from 'kafkajs';
import { TOPICS } from '@causeway/contracts';

/** Topic layout (architecture brief §5): audit keyed by tenant, config compacted by entity. */
export function causewayTopics(replicationFactor = 1): ITopicConfig[] {
  return [
    { topic: TOPICS.audit, numPartitions: 6, replicationFactor },
    { topic: TOPICS.auditDeadLetter, numPartitions: 1, replicationFactor },
    {
      topic: TOPICS.config,
      numPartitions: 3,
      replicationFactor,
      configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
    },
    // Kept for replay; a per-tenant retention is enforced in the data plane's store, not here.
    { topic: TOPICS.events, numPartitions: 6, replicationFactor, configEntries: [{ name: 'retention.ms', value: String(7 * 24 * 3600_000) }] },
  ];
}
