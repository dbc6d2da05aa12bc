import type { CloudEvent } from '@causeway/contracts';
import { standardWebhookHeaders } from './standard-webhooks';
import type { SendOutcome } from './subject-ordered-dispatcher';

/** `fetch`, or the egress guard's `guardedFetch` bound to its guard: agent URLs are outbound requests like any other. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<{ status: number }>;

export interface AgentEndpoint {
  url: string;
  /** `whsec_…`: the subscription's Standard Webhooks secret. */
  secret: string;
}

/**
 * Posts one CloudEvent to an agent's URL, signed per Standard Webhooks; `webhook-id` is the
 * event id, so a receiver deduplicates a redelivery. 2xx is success; anything else, a network
 * error or the timeout is a failure to retry.
 */
export function webhookSender(endpoint: AgentEndpoint, fetchLike: FetchLike, options: { timeoutMs?: number; now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  return async (event: CloudEvent): Promise<SendOutcome> => {
    const body = JSON.stringify(event);
    const headers = { 'content-type': 'application/cloudevents+json', ...standardWebhookHeaders(endpoint.secret, event.id, Math.floor(now() / 1000), body) };
    try {
      const response = await fetchLike(endpoint.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      return response.status >= 200 && response.status < 300 ? { ok: true } : { ok: false, error: `status ${response.status}` };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.name : 'network error' };
    }
  };
}
