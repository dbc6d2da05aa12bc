import { defineAction } from '../../../definition/define';
import { cursorParam, limitParam, list, RATE_LIMITED, REAUTH, STRIPE_LIST_PAGING, stripeIdParam, subscription } from '../stripe.schemas';

export const listSubscriptions = defineAction({
  id: 'stripe.list_subscriptions',
  version: '1.0.0',
  title: 'List Stripe subscriptions',
  description:
    'Lists subscriptions (GET /v1/subscriptions), newest first, for one customer and/or in one status. Canceled subscriptions are left out unless status is canceled or all.',
  usage: 'Use to see what a customer pays for, or to find the subscription id to cancel.',
  errorGuide: {
    upstream_invalid_request: 'A filter value is not allowed; `field` names it.',
    upstream_rate_limited: RATE_LIMITED,
    needs_reauth: REAUTH,
    invalid_input: 'The cursor did not come from this action.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read_only'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      customer: stripeIdParam('customer', 'cus', 'cus_NffrFeUfNV2Hib'),
      status: {
        enum: ['active', 'past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'trialing', 'paused', 'all', 'ended'],
        description: 'Only subscriptions in this status.',
        examples: ['active'],
      },
      limit: limitParam,
      cursor: cursorParam,
    },
  },
  outputSchema: list(subscription),
  http: { method: 'GET', path: '/subscriptions', query: { customer: { $input: 'customer' }, status: { $input: 'status' }, limit: { $input: 'limit' } } },
  pagination: STRIPE_LIST_PAGING,
  provenance: { docsUrl: 'https://docs.stripe.com/api/subscriptions/list' },
  sourceFile: __filename,
});
