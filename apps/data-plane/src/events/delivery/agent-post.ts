import { EgressRefusedError, type EgressGuard } from '@causeway/egress';
import { standardWebhookHeaders } from './standard-webhooks';

export type PostOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'failed'; status?: number; error: string }
  /** The egress guard refused the URL (a private address, a scheme): retrying will not help. */
  | { kind: 'refused'; error: string };

/**
 * Posts one serialized CloudEvent to an agent's URL through the egress guard, signed per
 * Standard Webhooks (`webhook-id` = the event id, so receivers deduplicate redeliveries).
 * No redirects are followed: a subscription's URL is the one the tenant registered.
 */
export async function postToAgent(
  guard: EgressGuard,
  target: { url: string; secrets: readonly string[]; eventId: string; body: string; nowSeconds: number; timeoutMs: number },
): Promise<PostOutcome> {
  const headers = { 'content-type': 'application/cloudevents+json', ...standardWebhookHeaders(target.secrets, target.eventId, target.nowSeconds, target.body) };
  try {
    const host = new URL(target.url).hostname;
    const response = await guard.fetch(
      target.url,
      { method: 'POST', headers, body: target.body, redirect: 'manual', deadlineMs: target.timeoutMs, maxResponseBytes: 64 * 1024 },
      { declaredHosts: [host] },
    );
    if (response.status >= 200 && response.status < 300) return { kind: 'delivered', status: response.status };
    return { kind: 'failed', status: response.status, error: `status ${response.status}` };
  } catch (error) {
    if (error instanceof EgressRefusedError) return { kind: 'refused', error: `egress refused: ${error.reason}` };
    return { kind: 'failed', error: error instanceof Error ? error.name : 'network error' };
  }
}
