import { defineAction } from '../../../definition/define';
import { cursorParam, limitParam, list, paymentIntent, RATE_LIMITED, REAUTH, STRIPE_LIST_PAGING, stripeIdParam } from '../stripe.schemas';

export const listPaymentIntents = defineAction({
  id: 'stripe.list_payment_intents',
  version: '1.0.0',
  title: 'List Stripe payments (PaymentIntents)',
  description:
    'Lists PaymentIntents (GET /v1/payment_intents), newest first, optionally for one customer: amount in the smallest currency unit, currency and status.',
  usage: "Use to find a payment to refund or to check what a customer paid. Amounts are in cents (or the currency's smallest unit).",
  errorGuide: { upstream_rate_limited: RATE_LIMITED, needs_reauth: REAUTH, invalid_input: 'The cursor did not come from this action.' },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read_only'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { customer: stripeIdParam('customer', 'cus', 'cus_NffrFeUfNV2Hib'), limit: limitParam, cursor: cursorParam },
  },
  outputSchema: list(paymentIntent),
  http: { method: 'GET', path: '/payment_intents', query: { customer: { $input: 'customer' }, limit: { $input: 'limit' } } },
  pagination: STRIPE_LIST_PAGING,
  provenance: { docsUrl: 'https://docs.stripe.com/api/payment_intents/list' },
  sourceFile: __filename,
});
