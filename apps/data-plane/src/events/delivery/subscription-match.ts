import type { CloudEvent, EventSubscription } from '@causeway/contracts';

/** Whether a subscription wants an event: a type pattern (exact or `prefix.*`) and every filter it sets. */
export function subscriptionMatches(
  subscription: Pick<EventSubscription, 'types' | 'connectionIds' | 'subjectPrefix'>,
  event: Pick<CloudEvent, 'type' | 'subject' | 'connectionid'>,
): boolean {
  const typeMatches = subscription.types.some((pattern) => (pattern.endsWith('.*') ? event.type.startsWith(pattern.slice(0, -1)) : event.type === pattern));
  if (!typeMatches) return false;
  if (subscription.connectionIds?.length && !subscription.connectionIds.includes(String(event.connectionid))) return false;
  if (subscription.subjectPrefix && !(event.subject ?? '').startsWith(subscription.subjectPrefix)) return false;
  return true;
}
