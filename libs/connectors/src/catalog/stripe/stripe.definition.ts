import { defineProvider } from '../../definition/define';
import { cancelSubscription } from './actions/cancel-subscription';
import { createCustomer } from './actions/create-customer';
import { createRefund } from './actions/create-refund';
import { listCustomers } from './actions/list-customers';
import { listPaymentIntents } from './actions/list-payment-intents';
import { listSubscriptions } from './actions/list-subscriptions';
import { BEARER_HEADER } from '../shared/auth-pieces';

const RATE_LIMITS_DOC = 'https://docs.stripe.com/rate-limits';

/** Stripe API v1 (form-encoded requests, JSON answers). */
export const stripe = defineProvider({
  id: 'stripe',
  name: 'Stripe',
  description: 'Stripe API: customers, payment intents, charges, refunds, invoices, subscriptions and balance.',
  docsUrl: 'https://docs.stripe.com/api',
  servers: {
    default: { url: 'https://api.stripe.com/v1', description: 'Stripe API v1; request bodies are form-encoded.', source: 'https://docs.stripe.com/api' },
  },
  connectionParams: {},
  hosts: ['api.stripe.com', 'connect.stripe.com'],
  pagination: {
    style: 'cursor',
    notes: "`limit` (up to 100) and `starting_after` (the last object's id) in; `data` and `has_more` out.",
    source: 'https://docs.stripe.com/api/pagination',
  },
  authModes: [
    {
      id: 'secret_key',
      type: 'api_key',
      label: 'Stripe secret or restricted key',
      docsUrl: 'https://docs.stripe.com/api/authentication',
      inject: BEARER_HEADER,
      notes: 'Restricted keys (rk_…) limit what a key may do; prefer them to the full secret key.',
    },
    {
      id: 'connect_oauth',
      type: 'oauth2_authorization_code',
      label: 'Stripe Connect OAuth (Standard accounts)',
      docsUrl: 'https://docs.stripe.com/connect/oauth-reference',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://connect.stripe.com/oauth/authorize',
      tokenUrl: 'https://connect.stripe.com/oauth/token',
      revokeUrl: 'https://connect.stripe.com/oauth/deauthorize',
      pkce: 'unsupported',
      scopeSeparator: ' ',
      // The platform's secret key is the client secret.
      tokenRequest: { encoding: 'form', clientAuthentication: 'body' },
      tokenResponse: { accessTokenPath: 'access_token', refreshTokenPath: 'refresh_token', scopePath: 'scope', errorPath: 'error' },
      responseFormat: 'json',
      refreshTokenRotation: 'never',
      notes: 'Scopes: read_write or read_only. The answer names the connected account (`stripe_user_id`); the access token does not expire.',
    },
  ],
  rateLimitSignals: {
    source: RATE_LIMITS_DOC,
    partitioning:
      'Per account per second, reads and writes counted separately; some endpoints (search, files) have lower limits. Stripe sends no reset header: back off exponentially.',
  },
  declaredLimits: [
    { per: 'account', requests: 100, windowSeconds: 1, appliesTo: 'live mode, read and write operations each (test mode: 25)', source: RATE_LIMITS_DOC },
  ],
  errors: {
    source: 'https://docs.stripe.com/api/errors',
    // `{ error: { type, code, message, param, decline_code } }`.
    envelope: { codePaths: ['error.code', 'error.type'], messagePaths: ['error.message'], fieldPaths: ['error.param'] },
    rules: [
      { when: { status: [429] }, code: 'upstream_rate_limited', defaultRetryAfterMs: 1000, because: 'Stripe rate limits come without Retry-After' },
      { when: { vendorCodes: ['resource_missing'] }, code: 'upstream_not_found', because: 'no such object in this account' },
      {
        when: { vendorCodes: ['idempotency_error', 'idempotency_key_in_use', 'lock_timeout'] },
        code: 'upstream_conflict',
        because: 'an idempotency key reused with other parameters, or a concurrent write on the object',
      },
      {
        when: { status: [402] },
        code: 'upstream_invalid_request',
        because: 'the request was valid but the payment failed (card_declined …); retrying unchanged will not help',
      },
    ],
  },
  actions: [listCustomers, createCustomer, listSubscriptions, cancelSubscription, listPaymentIntents, createRefund],
  sourceFile: __filename,
});
