import { createHmac, randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../common/clock';
import type { VendorWebhook } from './vendor-webhook';

/**
 * A Stripe event as Stripe sends it: `Stripe-Signature: t={seconds},v1={hex}` with one `v1`
 * per active endpoint secret (two while a rolled secret's old one is still valid).
 */
export function stripeWebhook(
  secrets: readonly string[],
  type: string,
  object: Record<string, unknown>,
  options: { eventId?: string; clock?: Clock } = {},
): VendorWebhook {
  const clock = options.clock ?? systemClock;
  const eventId = options.eventId ?? `evt_${randomBytes(12).toString('hex')}`;
  const created = Math.floor(clock.now() / 1000);
  const body = JSON.stringify({ id: eventId, object: 'event', api_version: '2024-06-20', created, type, livemode: false, data: { object } });
  const signatures = secrets.map((secret) => `v1=${createHmac('sha256', secret).update(`${created}.${body}`).digest('hex')}`);
  return {
    body,
    deliveryId: eventId,
    headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': [`t=${created}`, ...signatures].join(',') },
  };
}
