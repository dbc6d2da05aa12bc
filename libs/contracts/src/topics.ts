/** Kafka topics (architecture brief §5). Keys: tenant id for audit, entity id for config. */
export const TOPICS = {
  audit: 'causeway.audit.v1',
  auditDeadLetter: 'causeway.audit.dlq.v1',
  config: 'causeway.config.v1',
  /** CloudEvents 1.0 from providers' webhooks; key = tenant + connection (`eventKey`). */
  events: 'causeway.events.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];
