import { createHmac, randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../common/clock';
import type { VendorWebhook } from './vendor-webhook';

/**
 * Slack's Events API as Slack sends it: `X-Slack-Request-Timestamp` (seconds) and
 * `X-Slack-Signature: v0=hex(HMAC-SHA256(signing secret, "v0:{ts}:{body}"))`. A retry keeps the
 * event and adds `X-Slack-Retry-Num` / `X-Slack-Retry-Reason`, signed afresh.
 */
export function slackEventCallback(
  signingSecret: string,
  event: Record<string, unknown>,
  options: { eventId?: string; clock?: Clock; retryNum?: number } = {},
): VendorWebhook {
  const clock = options.clock ?? systemClock;
  const eventId = options.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  const body = JSON.stringify({
    token: 'verification-token-unused',
    team_id: 'T0SIM',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(clock.now() / 1000),
    event,
  });
  return { body, headers: slackHeaders(signingSecret, body, clock, options.retryNum), deliveryId: eventId };
}

/** The handshake Slack sends when a Request URL is saved. */
export function slackUrlVerification(signingSecret: string, challenge: string, clock: Clock = systemClock): VendorWebhook {
  const body = JSON.stringify({ token: 'verification-token-unused', challenge, type: 'url_verification' });
  return { body, headers: slackHeaders(signingSecret, body, clock), deliveryId: challenge };
}

export function slackHeaders(signingSecret: string, body: string, clock: Clock, retryNum?: number): Record<string, string> {
  const timestamp = String(Math.floor(clock.now() / 1000));
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    'content-type': 'application/json',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': signature,
    ...(retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_error' } : {}),
  };
}
