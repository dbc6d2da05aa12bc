import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { bodyObject } from '../common/simulator-server';
import type { TokenApiContext } from '../common/token-api';
import type { HookRegistry, RegisteredHook } from '../webhooks/hook-registry';
import { stripeWebhook } from '../webhooks/stripe-webhooks';
import { stripeId, type StripeAccount } from './stripe-account';
import type { StripeErrors } from './stripe-billing';

/** Every hook of the simulated account shares one scope: Stripe endpoints belong to the account. */
export const STRIPE_ACCOUNT_SCOPE = 'acct_1Sim';

/**
 * Webhook endpoints (docs.stripe.com/api/webhook_endpoints): create with `url` and
 * `enabled_events` (form-encoded `enabled_events[0]=…`; both required, else 400
 * parameter_missing), list, retrieve, delete (`{ id, object, deleted: true }`). Stripe generates
 * the `whsec_…` signing secret and shows it only in the create answer. Events (a customer
 * created) go to every enabled endpoint that wants them, signed with its secret, retried on
 * failure as Stripe does (here twice, quickly).
 */
export function registerStripeWebhookEndpoints(
  api: FastifyInstance,
  account: StripeAccount,
  context: TokenApiContext,
  errors: StripeErrors,
  hooks: HookRegistry,
): void {
  const render = (hook: RegisteredHook, withSecret = false) => ({
    id: hook.id,
    object: 'webhook_endpoint',
    api_version: null,
    application: null,
    created: Math.floor(Date.parse(hook.createdAt) / 1000),
    description: null,
    enabled_events: hook.events,
    livemode: false,
    metadata: {},
    ...(withSecret ? { secret: hook.secret } : {}),
    status: hook.active ? 'enabled' : 'disabled',
    url: hook.url,
  });

  api.post('/v1/webhook_endpoints', async (request, reply) => {
    const body = bodyObject(request.body);
    const url = typeof body['url'] === 'string' ? body['url'] : undefined;
    const events = Object.entries(body)
      .filter(([key]) => /^enabled_events\[\d*\]$/.test(key))
      .map(([, value]) => String(value));
    if (!url) return errors.invalid(reply, 'url', 'Missing required param: url.', 'parameter_missing');
    if (!/^https?:\/\/\S+$/.test(url)) return errors.invalid(reply, 'url', `Invalid URL: ${url}`, 'url_invalid');
    if (events.length === 0) return errors.invalid(reply, 'enabled_events', 'Missing required param: enabled_events.', 'parameter_missing');
    const hook = hooks.add({
      id: stripeId('we'),
      scope: STRIPE_ACCOUNT_SCOPE,
      url,
      secret: `whsec_${randomBytes(24).toString('base64url')}`,
      events,
      active: true,
      createdAt: new Date(account.created() * 1000).toISOString(),
    });
    context.recordWrite(request);
    return render(hook, true);
  });

  api.get('/v1/webhook_endpoints', async () => ({
    object: 'list',
    url: '/v1/webhook_endpoints',
    has_more: false,
    data: hooks.list(STRIPE_ACCOUNT_SCOPE).map((hook) => render(hook)),
  }));

  api.get('/v1/webhook_endpoints/:id', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const hook = hooks.get(id);
    return hook ? render(hook) : errors.missing(reply, 'webhook endpoint', id, 'id');
  });

  api.delete('/v1/webhook_endpoints/:id', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    if (!hooks.delete(id)) return errors.missing(reply, 'webhook endpoint', id, 'id');
    context.recordWrite(request);
    return { id, object: 'webhook_endpoint', deleted: true };
  });
}

/** Sends a Stripe event about `object` to the endpoints that want `type`. */
export function emitStripeEvent(hooks: HookRegistry, type: string, object: Record<string, unknown>): void {
  hooks.dispatch(STRIPE_ACCOUNT_SCOPE, type, (hook) => stripeWebhook([hook.secret], type, object), { retries: 2 });
}
