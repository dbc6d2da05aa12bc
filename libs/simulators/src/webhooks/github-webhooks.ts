import { createHmac, randomUUID } from 'node:crypto';
import type { VendorWebhook } from './vendor-webhook';

/**
 * A GitHub webhook as GitHub sends it: `X-GitHub-Event`, `X-GitHub-Delivery` (a GUID that a
 * redelivery keeps), `X-Hub-Signature-256: sha256=hex(HMAC-SHA256(secret, body))`.
 */
export function githubWebhook(secret: string, event: string, payload: Record<string, unknown>, deliveryId: string = randomUUID()): VendorWebhook {
  const body = JSON.stringify(payload);
  return {
    body,
    deliveryId,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/sim',
      'x-github-event': event,
      'x-github-delivery': deliveryId,
      'x-github-hook-id': '1',
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
  };
}
