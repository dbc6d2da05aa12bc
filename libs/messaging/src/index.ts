export * from './event-bus';
export * from './in-process-event-bus';
export * from './kafka-event-bus';
export * from './topics';
export * from './outbox/outbox-message.entity';
export * from './outbox/outbox-writer';
export * from './outbox/outbox-relay';
export * from './spool';
