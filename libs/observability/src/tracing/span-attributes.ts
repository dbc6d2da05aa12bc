import type { Attributes, AttributeValue } from '@opentelemetry/api';

/**
 * The only attribute keys a Causeway span may carry. Spans leave the process for whatever
 * collector the operator points at, so they follow the same rule as metrics labels and logs:
 * no secret and no payload. Method, route template, status, tool, provider, tenant, topic and
 * GraphQL operation name are enough to find a slow or failing call; URLs (query values),
 * headers (API keys, tokens), bodies and message keys never go in. Any other key is dropped.
 */
export const SPAN_ATTRIBUTE_KEYS = [
  'http.request.method',
  'http.route',
  'http.response.status_code',
  'error.type',
  'causeway.tool',
  'causeway.provider',
  'causeway.tenant_id',
  'causeway.attempts',
  'messaging.system',
  'messaging.destination.name',
  'messaging.operation.type',
  'graphql.operation.name',
  'graphql.operation.type',
  'graphql.field.path',
] as const;

export type SpanAttributeKey = (typeof SPAN_ATTRIBUTE_KEYS)[number];
export type SpanAttributes = Partial<Record<SpanAttributeKey, AttributeValue | undefined>>;

const allowed: ReadonlySet<string> = new Set(SPAN_ATTRIBUTE_KEYS);

/** Keeps the allowed keys with a value; a key outside the list is a bug, so it is dropped, not sent. */
export function safeSpanAttributes(attributes: SpanAttributes | undefined): Attributes {
  const out: Attributes = {};
  if (!attributes) return out;
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && allowed.has(key)) out[key] = value;
  }
  return out;
}
