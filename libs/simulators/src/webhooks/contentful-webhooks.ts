import { createHmac } from 'node:crypto';
import { systemClock, type Clock } from '../common/clock';
import type { VendorWebhook } from './vendor-webhook';

const SIGNED_HEADERS = ['x-contentful-signed-headers', 'x-contentful-timestamp', 'x-contentful-topic'];

/**
 * A Contentful webhook as Contentful sends it: `X-Contentful-Topic`, and with a space signing
 * secret set, request verification (`@contentful/node-apps-toolkit`): `x-contentful-timestamp`
 * (ms), `x-contentful-signed-headers`, `x-contentful-signature = hex(HMAC-SHA256(secret,
 * "POST\n{encoded path}\n{k:v;… sorted}\n{body}"))`. The path is the receiving URL's: the
 * signature breaks if a proxy rewrites it. Without a secret the delivery is unsigned.
 */
export function contentfulWebhook(
  secret: string | undefined,
  url: string,
  topic: string,
  payload: { sys: { id: string; version?: number } } & Record<string, unknown>,
  clock: Clock = systemClock,
): VendorWebhook {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/vnd.contentful.management.v1+json', 'x-contentful-topic': topic };
  if (secret) {
    headers['x-contentful-timestamp'] = String(clock.now());
    headers['x-contentful-signed-headers'] = SIGNED_HEADERS.join(',');
    const canonicalHeaders = [...SIGNED_HEADERS]
      .sort()
      .map((name) => `${name}:${headers[name]}`)
      .join(';');
    const canonical = ['POST', encodeURI(new URL(url).pathname), canonicalHeaders, body].join('\n');
    headers['x-contentful-signature'] = createHmac('sha256', secret).update(canonical).digest('hex');
  }
  return { body, headers, deliveryId: `${topic}:${payload.sys.id}:${payload.sys.version ?? 0}` };
}
