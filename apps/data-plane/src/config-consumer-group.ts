import { randomBytes } from 'node:crypto';

/**
 * The consumer group a data-plane process reads `causeway.config.v1` with. Every replica needs
 * the whole compacted topic, so each reads it as its own group from the beginning; and each
 * *process* needs it too, because the view lives in memory. A group named after the replica
 * alone would be reused by a restarted process with the same name (a StatefulSet pod, a
 * container restart in the same pod) and resume at the committed offset, leaving the view
 * without everything before it whenever the control plane's snapshot is unavailable. So the
 * name carries a per-process nonce; Kafka expires the empty groups left behind
 * (offsets.retention.minutes, 7 days by default).
 */
export function configConsumerGroup(instanceId: string, nonce: string = randomBytes(4).toString('hex')): string {
  return `causeway-data-plane-${instanceId}-${nonce}`;
}
