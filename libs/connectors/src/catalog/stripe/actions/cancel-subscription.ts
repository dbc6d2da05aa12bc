import { defineAction } from '../../../definition/define';
import { NOT_FOUND, RATE_LIMITED, stripeIdParam, subscription } from '../stripe.schemas';

export const cancelSubscription = defineAction({
  id: 'stripe.cancel_subscription',
  version: '1.0.0',
  title: 'Cancel a Stripe subscription now',
  description:
    'Cancels a subscription immediately (DELETE /v1/subscriptions/{id}): billing stops now and it cannot be reactivated; the customer must subscribe again.',
  usage:
    'Only when asked to cancel right away. To stop at the end of the paid period instead, a user should set cancel_at_period_end in the Dashboard. Confirm the id with stripe.list_subscriptions first.',
  errorGuide: {
    upstream_not_found: NOT_FOUND,
    upstream_invalid_request: 'The subscription cannot be canceled in its state; the message says why.',
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'destructive',
  hints: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
  scopes: ['read_write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['subscription_id'],
    properties: {
      subscription_id: stripeIdParam('subscription', 'sub', 'sub_1MowQVLkdIwHu7ixeRlqHVzs'),
      prorate: { type: 'boolean', description: 'Credit the unused time of the current period as a proration.', examples: [true] },
    },
  },
  outputSchema: subscription,
  // Stripe's libraries send DELETE parameters in the query string.
  http: { method: 'DELETE', path: '/subscriptions/{subscription_id}', query: { prorate: { $input: 'prorate' } } },
  provenance: { docsUrl: 'https://docs.stripe.com/api/subscriptions/cancel' },
  sourceFile: __filename,
});
