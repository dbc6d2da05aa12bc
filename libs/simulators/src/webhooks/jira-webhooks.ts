import { createHmac, randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../common/clock';
import type { VendorWebhook } from './vendor-webhook';

/**
 * A Jira webhook registered with a secret: `X-Hub-Signature: sha256=hex(HMAC-SHA256(secret,
 * body))` and `X-Atlassian-Webhook-Identifier`, which Jira's retries keep.
 */
export function jiraWebhook(secret: string, webhookEvent: string, issueKey: string, options: { identifier?: string; clock?: Clock } = {}): VendorWebhook {
  const clock = options.clock ?? systemClock;
  const identifier = options.identifier ?? randomUUID();
  const body = JSON.stringify({
    timestamp: clock.now(),
    webhookEvent,
    issue_event_type_name: webhookEvent.replace(/^jira:/, ''),
    issue: { id: '10001', key: issueKey, fields: { summary: 'Simulated' } },
  });
  return {
    body,
    deliveryId: identifier,
    headers: {
      'content-type': 'application/json',
      'x-atlassian-webhook-identifier': identifier,
      'x-hub-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
  };
}
