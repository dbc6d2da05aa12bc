import type { FastifyInstance, FastifyReply } from 'fastify';
import { bodyObject } from '../common/simulator-server';
import type { TokenApiContext } from '../common/token-api';
import { stripeId, stripeList, type StripeAccount } from './stripe-account';

export interface StripeErrors {
  /** 404 resource_missing: "No such customer: 'cus_…'". */
  missing(reply: FastifyReply, kind: string, id: string, param: string): FastifyReply;
  invalid(reply: FastifyReply, param: string | undefined, message: string, code?: string): FastifyReply;
}

const SUBSCRIPTION_STATUSES = ['active', 'past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'trialing', 'paused', 'all', 'ended'];

export function registerStripeBilling(api: FastifyInstance, account: StripeAccount, context: TokenApiContext, errors: StripeErrors): void {
  api.get('/v1/subscriptions', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const status = query['status'];
    if (status !== undefined && !SUBSCRIPTION_STATUSES.includes(status))
      return errors.invalid(reply, 'status', `Invalid status: must be one of ${SUBSCRIPTION_STATUSES.join(', ')}`);
    // Without a status, canceled subscriptions are left out.
    const keep = (value: string) =>
      status === 'all' ? true : status === 'ended' ? value === 'canceled' || value === 'incomplete_expired' : status ? value === status : value !== 'canceled';
    const list = stripeList(
      request,
      account.subscriptions.filter((subscription) => keep(subscription.status) && (!query['customer'] || subscription.customer === query['customer'])),
      '/v1/subscriptions',
    );
    return 'missing' in list ? errors.missing(reply, 'subscription', list.missing, 'starting_after') : list;
  });

  api.delete('/v1/subscriptions/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const subscription = account.subscriptions.find((candidate) => candidate.id === id);
    if (!subscription) return errors.missing(reply, 'subscription', id, 'id');
    const now = account.created();
    subscription.status = 'canceled';
    subscription.canceled_at = now;
    subscription.ended_at = now;
    context.recordWrite(request);
    return subscription;
  });

  api.get('/v1/payment_intents', async (request, reply) => {
    const customer = (request.query as Record<string, string | undefined>)['customer'];
    const list = stripeList(
      request,
      account.paymentIntents.filter((intent) => !customer || intent.customer === customer),
      '/v1/payment_intents',
    );
    if ('missing' in list) return errors.missing(reply, 'payment_intent', list.missing, 'starting_after');
    return { ...list, data: list.data.map(({ refunded: _refunded, ...intent }) => intent) };
  });

  api.post('/v1/refunds', async (request, reply) => {
    const body = bodyObject(request.body);
    const id = body['payment_intent'];
    if (typeof id !== 'string')
      return errors.invalid(
        reply,
        undefined,
        'One of the following params should be provided for this request: payment_intent or charge.',
        'parameter_missing',
      );
    const intent = account.paymentIntents.find((candidate) => candidate.id === id);
    if (!intent) return errors.missing(reply, 'payment_intent', id, 'payment_intent');
    const left = intent.amount_received - intent.refunded;
    if (left <= 0) return errors.invalid(reply, undefined, `Charge ${intent.latest_charge} has already been refunded.`, 'charge_already_refunded');
    const amount = body['amount'] === undefined ? left : Number(body['amount']);
    if (!Number.isInteger(amount) || amount < 1) return errors.invalid(reply, 'amount', 'Invalid positive integer', 'parameter_invalid_integer');
    if (amount > left) {
      return errors.invalid(
        reply,
        'amount',
        `Refund amount ($${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${(left / 100).toFixed(2)})`,
      );
    }
    intent.refunded += amount;
    const refund = {
      id: stripeId('re'),
      object: 'refund',
      amount,
      charge: intent.latest_charge,
      currency: intent.currency,
      payment_intent: intent.id,
      reason: typeof body['reason'] === 'string' ? body['reason'] : null,
      status: 'succeeded',
      created: account.created(),
    };
    account.refunds.push(refund);
    context.recordWrite(request);
    return refund;
  });
}
