export const DATA_SOURCE = Symbol('DATA_SOURCE');
/** Asks the outbox relay to publish now rather than at its next poll. */
export const OUTBOX_NUDGE = Symbol('OUTBOX_NUDGE');
