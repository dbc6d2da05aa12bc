import type { JsonSchema } from '../../definition/action';
import type { Pagination } from '../../definition/pagination';

export const stripeIdParam = (what: string, prefix: string, example: string): JsonSchema => ({
  type: 'string',
  pattern: `^${prefix}_[A-Za-z0-9]+$`,
  description: `The ${what} id (${prefix}_…).`,
  examples: [example],
});

export const limitParam: JsonSchema = { type: 'integer', minimum: 1, maximum: 100, description: 'Objects per page (default 10, at most 100).', examples: [25] };

export const cursorParam: JsonSchema = {
  type: 'string',
  description: 'Opaque nextCursor from the previous page of this action. Omit for the first page.',
  examples: ['eyJhIjoic3RyaXBlLmxpc3RfY3VzdG9tZXJzIn0'],
};

/** Stripe lists page with `starting_after` = the last object's id, while `has_more` is true. */
export const STRIPE_LIST_PAGING: Pagination = {
  style: 'cursor',
  cursorInput: 'cursor',
  request: { name: 'starting_after', in: 'query' },
  nextCursorPath: 'data.@last.id',
  hasMorePath: 'has_more',
};

export const list = (item: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: { object: { const: 'list' }, data: { type: 'array', items: item }, has_more: { type: 'boolean' }, url: { type: 'string' } },
  required: ['data', 'has_more'],
});

export const customer: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { const: 'customer' },
    email: { type: ['string', 'null'] },
    name: { type: ['string', 'null'] },
    description: { type: ['string', 'null'] },
    created: { type: 'integer' },
    livemode: { type: 'boolean' },
  },
  required: ['id', 'object'],
};

export const subscription: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { const: 'subscription' },
    customer: { type: 'string' },
    status: { enum: ['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'] },
    cancel_at_period_end: { type: 'boolean' },
    canceled_at: { type: ['integer', 'null'] },
    current_period_end: { type: 'integer' },
  },
  required: ['id', 'status'],
};

export const paymentIntent: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { const: 'payment_intent' },
    amount: { type: 'integer' },
    amount_received: { type: 'integer' },
    currency: { type: 'string' },
    customer: { type: ['string', 'null'] },
    status: { type: 'string' },
    created: { type: 'integer' },
  },
  required: ['id', 'amount', 'status'],
};

export const NOT_FOUND =
  'No such object in this Stripe account (resource_missing); check the id and that the key is for the right account and mode (test or live).';
export const RATE_LIMITED = 'Too many requests per second for this account; wait about a second and retry with backoff.';
export const REAUTH = 'The API key is invalid, revoked or expired; reconnect with a current key.';
