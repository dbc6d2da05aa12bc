/*
 * Stripe API simulator (api.stripe.com/v1, test mode), per docs.stripe.com/api:
 * - Secret key as `Authorization: Bearer sk_test_…` (or Basic with the key as user name);
 *   otherwise 401 `{ error: { type: "invalid_request_error", message: "Invalid API Key
 *   provided: sk_test_****…" } }` (https://docs.stripe.com/api/authentication).
 * - Form-encoded request bodies; every answer has a `request-id` header.
 * - Errors `{ error: { type, code?, message, param?, doc_url? } }`
 *   (https://docs.stripe.com/api/errors): 404 resource_missing "No such customer: 'cus_…'",
 *   400 invalid_request_error (charge_already_refunded, over-refunds, bad params).
 * - Lists newest first with `limit` (≤ 100, default 10) and `starting_after` = the last id
 *   seen; `{ object: "list", url, has_more, data }` (https://docs.stripe.com/api/pagination).
 *   Subscriptions leave out canceled ones unless asked.
 * - Per-second request budget; over it, 429 with code rate_limit and no Retry-After
 *   (https://docs.stripe.com/rate-limits).
 * - Customers (list by email, create), subscriptions (list, cancel now), PaymentIntents
 *   (list), refunds (full or partial, never beyond what was received).
 * - Webhook endpoints (stripe-webhook-endpoints.ts): Stripe generates the whsec_ secret; a
 *   customer created is sent as `customer.created` to the endpoints that want it.
 * Not reproduced: idempotency keys, expand[], search, metadata, Connect accounts, re-canceling.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../common/clock';
import type { RunningSimulator } from '../common/simulator-server';
import { bearerOf, startTokenApi, type TokenApiControl } from '../common/token-api';
import { StripeAccount } from './stripe-account';
import { registerStripeBilling } from './stripe-billing';
import { registerStripeCustomers } from './stripe-customers';
import { registerStripeWebhookEndpoints } from './stripe-webhook-endpoints';
import { HookRegistry } from '../webhooks/hook-registry';

export interface StripeSimulatorOptions {
  clock?: Clock;
  port?: number;
  /** Requests per second (test mode: 25). */
  requestsPerSecond?: number;
  seedCustomers?: number;
}

export interface StripeSimulatorControl extends TokenApiControl {
  readonly account: StripeAccount;
  /** Endpoints registered through `POST /v1/webhook_endpoints`, and what was delivered to them. */
  readonly hooks: HookRegistry;
}

function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization ?? '';
  if (header.startsWith('Basic ')) return Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0];
  return bearerOf(request);
}

const masked = (key: string | undefined) => (key ? `${key.slice(0, 8)}****${key.slice(-4)}` : '');

export async function startStripeSimulator(options: StripeSimulatorOptions = {}): Promise<RunningSimulator<StripeSimulatorControl>> {
  const clock = options.clock ?? systemClock;
  const account = new StripeAccount(() => Math.floor(clock.now() / 1000));
  account.seed(options.seedCustomers ?? 5);
  const error = (reply: FastifyReply, status: number, body: Record<string, unknown>) =>
    reply
      .code(status)
      .header('request-id', `req_${randomBytes(7).toString('hex')}`)
      .send({ error: body });
  const errors = {
    missing: (reply: FastifyReply, kind: string, id: string, param: string) =>
      error(reply, 404, {
        code: 'resource_missing',
        doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
        message: `No such ${kind}: '${id}'`,
        param,
        type: 'invalid_request_error',
      }),
    invalid: (reply: FastifyReply, param: string | undefined, message: string, code?: string) =>
      error(reply, 400, { ...(code ? { code } : {}), message, ...(param ? { param } : {}), type: 'invalid_request_error' }),
  };
  let unauthorizedKey: string | undefined;
  const hooks = new HookRegistry();
  const running = await startTokenApi(
    {
      tokenPrefix: 'sk_test_',
      subject: 'acct_1Sim',
      tokenOf: (request) => {
        unauthorizedKey = tokenOf(request);
        return unauthorizedKey;
      },
      unauthorized: (reply) => error(reply, 401, { message: `Invalid API Key provided: ${masked(unauthorizedKey)}`, type: 'invalid_request_error' }),
      limitHeaders: () => ({ 'request-id': `req_${randomBytes(7).toString('hex')}` }),
      rateLimited: (reply) =>
        error(reply, 429, {
          code: 'rate_limit',
          message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
          type: 'invalid_request_error',
        }),
      serverError: (reply, status) => error(reply, status, { message: 'An unknown error occurred', type: 'api_error' }),
    },
    { clock, port: options.port, limit: options.requestsPerSecond ?? 25, windowMs: 1000 },
    (api, context) => {
      registerStripeCustomers(api, account, context, errors, hooks);
      registerStripeBilling(api, account, context, errors);
      registerStripeWebhookEndpoints(api, account, context, errors, hooks);
      return { account, hooks };
    },
  );
  return {
    ...running,
    stop: async () => {
      await hooks.settled();
      await running.stop();
    },
  };
}
