/** Kafka topics (architecture brief §5). Keys: tenant id for audit, entity id for config. */
export const TOPICS = {
  audit: 'causeway.audit.v1',
  auditDeadLetter: 'causeway.audit.dlq.v1',
  config: 'causeway.config.v1',
  /** CloudEvents 1.0 from providers' webhooks; key = tenant + connection (`eventKey`). */
  events: 'causeway.events.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/**
 * Headers beside an event on the bus. `outbox-seq`: the outbox row's seq, set by the relay;
 * `config-entity`: a config change's entity kind. Together with the message key (the entity
 * id) they let a consumer order one entity's changes across the stream and the control
 * plane's side channel (docs/decisions/0010-config-side-channel.md).
 */
export const EVENT_HEADERS = { outboxSeq: 'outbox-seq', configEntity: 'config-entity' } as const;
