import { defineAction } from '../../../definition/define';
import { cursorParam, customer, limitParam, list, RATE_LIMITED, REAUTH, STRIPE_LIST_PAGING } from '../stripe.schemas';

export const listCustomers = defineAction({
  id: 'stripe.list_customers',
  version: '1.0.0',
  title: 'List Stripe customers',
  description: 'Lists customers (GET /v1/customers), newest first, optionally only those with an exact email address.',
  usage: 'Use to find a customer id by email before looking at their subscriptions or payments. Follow nextCursor for more pages.',
  errorGuide: { upstream_rate_limited: RATE_LIMITED, needs_reauth: REAUTH, invalid_input: 'The cursor did not come from this action.' },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read_only'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      email: { type: 'string', minLength: 1, maxLength: 512, description: 'Exact, case-sensitive email to match.', examples: ['jenny.rosen@example.com'] },
      limit: limitParam,
      cursor: cursorParam,
    },
  },
  outputSchema: list(customer),
  http: { method: 'GET', path: '/customers', query: { email: { $input: 'email' }, limit: { $input: 'limit' } } },
  pagination: STRIPE_LIST_PAGING,
  provenance: { docsUrl: 'https://docs.stripe.com/api/customers/list' },
  sourceFile: __filename,
});
