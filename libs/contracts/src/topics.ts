/** Kafka topics (architecture brief §5). Keys: tenant id for audit, entity id for config. */
export const TOPICS = {
  audit: 'causeway.audit.v1',
  auditDeadLetter: 'causeway.audit.dlq.v1',
  config: 'causeway.config.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];
