import { createHmac } from 'node:crypto';

/**
 * Signing per the Standard Webhooks specification: the secret is `whsec_` + base64 key bytes;
 * the signature is `v1,` + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")).
 * Receivers verify with any Standard Webhooks library.
 */
export function standardWebhookHeaders(secret: string | readonly string[], messageId: string, timestampSeconds: number, body: string): Record<string, string> {
  // During a rotation every current secret signs; the receiver accepts any one (space-separated, per the spec).
  const secrets = typeof secret === 'string' ? [secret] : secret;
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => standardWebhookSignature(s, messageId, timestampSeconds, body)).join(' '),
  };
}

export function standardWebhookSignature(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64')}`;
}
