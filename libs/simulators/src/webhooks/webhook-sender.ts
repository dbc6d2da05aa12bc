import type { VendorWebhook } from './vendor-webhook';

export interface SendOptions {
  /** Retries after a non-2xx answer or a network error, as vendors do (Slack: 3; GitHub: none automatically). */
  retries?: number;
  /** Delay before retry n (1-based). Vendors back off over minutes; tests pass milliseconds. */
  backoffMs?: (attempt: number) => number;
  /** Re-send the same delivery this many times after it succeeded (vendors deliver at least once). */
  duplicates?: number;
  /** Headers a retry adds or changes (Slack re-signs and adds X-Slack-Retry-Num). */
  resign?: (attempt: number) => VendorWebhook;
  fetchImpl?: typeof fetch;
}

export interface SendResult {
  /** Status of every attempt, in order; 0 for a network error. */
  statuses: number[];
  /** Whether some attempt was answered 2xx: the vendor considers it delivered. */
  acknowledged: boolean;
}

/** Sends one delivery the way a vendor's dispatcher does: retry until acknowledged, maybe twice. */
export async function sendVendorWebhook(url: string, webhook: VendorWebhook, options: SendOptions = {}): Promise<SendResult> {
  const doFetch = options.fetchImpl ?? fetch;
  const statuses: number[] = [];
  let acknowledged = false;
  const attempts = 1 + (options.retries ?? 0);
  for (let attempt = 0; attempt < attempts && !acknowledged; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, options.backoffMs?.(attempt) ?? 0));
    const current = attempt > 0 && options.resign ? options.resign(attempt) : webhook;
    const status = await post(doFetch, url, current);
    statuses.push(status);
    acknowledged = status >= 200 && status < 300;
  }
  for (let i = 0; acknowledged && i < (options.duplicates ?? 0); i++) statuses.push(await post(doFetch, url, webhook));
  return { statuses, acknowledged };
}

async function post(doFetch: typeof fetch, url: string, webhook: VendorWebhook): Promise<number> {
  try {
    const response = await doFetch(url, { method: 'POST', headers: webhook.headers, body: webhook.body });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
