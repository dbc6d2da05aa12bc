import { anySecretSigns, asString, hmacSha256, isoFromEpoch, isRecord, parseJson, typeSegment } from './hmac';
import { refuse, type InboundRequest, type Verified, type WebhookVerifier } from './verifier';

/** Stripe's libraries default to five minutes. */
export const STRIPE_TOLERANCE_MS = 5 * 60_000;

/**
 * Stripe: `Stripe-Signature: t=<seconds>,v1=<hex>[,v1=<hex>…]`, each `v1` being
 * HMAC-SHA256(secret, "{t}.{raw body}"). During a secret rotation Stripe sends one `v1` per
 * active secret: any of them matching any of ours is enough. `v0` (test-mode legacy) is ignored.
 */
export const stripeVerifier: WebhookVerifier = {
  provider: 'stripe',
  verify(request: InboundRequest, secrets: readonly string[], nowMs: number): Verified {
    const header = request.headers['stripe-signature'];
    if (!header) return refuse('missing_signature', 'Stripe-Signature is required');
    const { timestamp, signatures } = parseStripeSignature(header);
    if (!timestamp || signatures.length === 0) return refuse('missing_signature', 'Stripe-Signature needs t= and at least one v1=');
    if (Math.abs(nowMs - Number(timestamp) * 1000) > STRIPE_TOLERANCE_MS) return refuse('stale', 'Stripe-Signature timestamp is outside the tolerance');
    const signed = Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), request.body]);
    if (!anySecretSigns(secrets, signatures, (secret) => hmacSha256(secret, signed, 'hex'))) return refuse('bad_signature', 'no v1 signature matches');
    const body = parseJson(request.body);
    const id = isRecord(body) ? asString(body.id) : undefined;
    const type = isRecord(body) ? asString(body.type) : undefined;
    if (!isRecord(body) || !id || !type) return refuse('malformed', 'a Stripe event needs id and type');
    const object = isRecord(body.data) && isRecord(body.data.object) ? body.data.object : undefined;
    return {
      ok: true,
      delivery: { deliveryId: id, type: `com.stripe.${typeSegment(type)}`, subject: asString(object?.id), time: isoFromEpoch(body.created, 's'), data: body },
    };
  },
};

export function parseStripeSignature(header: string): { timestamp?: string; signatures: string[] } {
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d+$/.test(value)) timestamp = value;
    if (key === 'v1' && value) signatures.push(value);
  }
  return { timestamp, signatures };
}
