import { defineAction } from '../../../definition/define';
import { NOT_FOUND, RATE_LIMITED, stripeIdParam } from '../stripe.schemas';

export const createRefund = defineAction({
  id: 'stripe.create_refund',
  version: '1.0.0',
  title: 'Refund a Stripe payment',
  description:
    "Refunds a payment (POST /v1/refunds), in full or in part (amount in the smallest currency unit). Money goes back to the customer's card; a refund cannot be undone.",
  usage:
    'Only when asked to refund. Find the PaymentIntent with stripe.list_payment_intents. Omit amount for a full refund; several partial refunds may add up to the amount paid.',
  errorGuide: {
    upstream_not_found: NOT_FOUND,
    upstream_invalid_request: 'Refused: already fully refunded (charge_already_refunded), or the amount exceeds what is left to refund; do not retry.',
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['read_write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['payment_intent'],
    properties: {
      payment_intent: stripeIdParam('PaymentIntent', 'pi', 'pi_3MtwBwLkdIwHu7ix28a3tqPa'),
      amount: { type: 'integer', minimum: 1, description: 'Amount to refund in the smallest currency unit; everything left when omitted.', examples: [1000] },
      reason: { enum: ['duplicate', 'fraudulent', 'requested_by_customer'], description: 'Why the payment is refunded.', examples: ['requested_by_customer'] },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      object: { const: 'refund' },
      amount: { type: 'integer' },
      currency: { type: 'string' },
      payment_intent: { type: 'string' },
      status: { type: 'string' },
      reason: { type: ['string', 'null'] },
    },
    required: ['id', 'amount', 'status'],
  },
  http: {
    method: 'POST',
    path: '/refunds',
    body: { encoding: 'form', value: { payment_intent: { $input: 'payment_intent' }, amount: { $input: 'amount' }, reason: { $input: 'reason' } } },
  },
  provenance: { docsUrl: 'https://docs.stripe.com/api/refunds/create' },
  sourceFile: __filename,
});
