import { createHash } from 'node:crypto';
import { escape as escapeQuery } from 'node:querystring';
import { anySecretSigns, asString, hmacSha256, isRecord, parseJson, typeSegment } from './hmac';
import { refuse, type InboundRequest, type Verified, type WebhookVerifier } from './verifier';

/** Contentful's toolkit defaults to 30 s; a minute leaves room for clock skew. */
export const CONTENTFUL_TOLERANCE_MS = 60_000;

/**
 * Contentful's request verification (`@contentful/node-apps-toolkit` `verifyRequest`):
 * `x-contentful-signature = hex(HMAC-SHA256(secret, canonical))` where canonical is
 * `METHOD \n encoded path \n k:v;k:v (the headers listed in x-contentful-signed-headers,
 * lower-cased, trimmed, sorted by name) \n raw body`, and `x-contentful-timestamp` is in
 * milliseconds.
 */
export const contentfulVerifier: WebhookVerifier = {
  provider: 'contentful',
  verify(request: InboundRequest, secrets: readonly string[], nowMs: number): Verified {
    const signature = request.headers['x-contentful-signature'];
    const signedHeaders = request.headers['x-contentful-signed-headers'];
    const timestamp = request.headers['x-contentful-timestamp'];
    if (!signature || !signedHeaders || !timestamp) return refuse('missing_signature', 'x-contentful-signature, -signed-headers and -timestamp are required');
    if (!/^\d+$/.test(timestamp) || Math.abs(nowMs - Number(timestamp)) > CONTENTFUL_TOLERANCE_MS)
      return refuse('stale', 'x-contentful-timestamp is outside the tolerance');
    const canonical = contentfulCanonicalRequest(request, signedHeaders.split(','));
    if (!anySecretSigns(secrets, [signature], (secret) => hmacSha256(secret, canonical, 'hex')))
      return refuse('bad_signature', 'x-contentful-signature does not match');
    return readContentful(request);
  },
};

export function contentfulCanonicalRequest(request: Pick<InboundRequest, 'method' | 'path' | 'headers' | 'body'>, signedHeaders: readonly string[]): string {
  const names = [...new Set(signedHeaders.map((name) => name.trim().toLowerCase()).filter(Boolean))].sort();
  const headers = names.map((name) => `${name}:${(request.headers[name] ?? '').trim()}`).join(';');
  return [request.method.toUpperCase(), encodedPath(request.path), headers, request.body.toString('utf8')].join('\n');
}

function encodedPath(path: string): string {
  const [pathname, search] = path.split('?');
  return encodeURI(search ? `${pathname}?${escapeQuery(search)}` : pathname);
}

function readContentful(request: InboundRequest): Verified {
  const topic = request.headers['x-contentful-topic'];
  const body = parseJson(request.body);
  const sys = isRecord(body) && isRecord(body.sys) ? body.sys : undefined;
  const id = asString(sys?.id);
  if (!topic || !sys || !id) return refuse('malformed', 'X-Contentful-Topic and a body with sys.id are required');
  // ContentManagement.Entry.publish → entry.publish
  const [, entity = 'unknown', action = 'unknown'] = topic.split('.');
  // Contentful has no delivery id: the entity's version (or, for deletes, the body) names a change.
  const version = asString(sys.version) ?? asString(sys.revision) ?? createHash('sha256').update(request.body).digest('hex').slice(0, 32);
  return {
    ok: true,
    delivery: {
      deliveryId: `${topic}:${id}:${version}`,
      type: `com.contentful.${typeSegment(entity.toLowerCase())}.${typeSegment(action)}`,
      subject: `${entity.toLowerCase()}/${id}`,
      time: asString(sys.updatedAt),
      data: body,
    },
  };
}
