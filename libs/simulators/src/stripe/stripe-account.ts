import type { FastifyRequest } from 'fastify';
import { randomId } from '../common/random';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const stripeId = (prefix: string) => randomId(`${prefix}_`, 14, ALNUM);

export interface StripeCustomer {
  id: string;
  object: 'customer';
  email: string | null;
  name: string | null;
  description: string | null;
  created: number;
  livemode: false;
}

export interface StripeSubscription {
  id: string;
  object: 'subscription';
  customer: string;
  status: 'active' | 'trialing' | 'past_due' | 'canceled' | 'unpaid' | 'incomplete' | 'incomplete_expired' | 'paused';
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  ended_at: number | null;
  created: number;
  current_period_end: number;
}

export interface StripePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  customer: string | null;
  status: 'succeeded' | 'requires_payment_method' | 'canceled';
  latest_charge: string;
  created: number;
  /** Not a Stripe field: what has been refunded so far, to refuse over-refunds. */
  refunded: number;
}

/** One test-mode account. `created` is the clock's second plus a sequence, so lists sort stably. */
export class StripeAccount {
  readonly customers: StripeCustomer[] = [];
  readonly subscriptions: StripeSubscription[] = [];
  readonly paymentIntents: StripePaymentIntent[] = [];
  readonly refunds: Array<Record<string, unknown>> = [];
  private sequence = 0;

  constructor(private readonly nowSeconds: () => number) {}

  created(): number {
    return this.nowSeconds() + this.sequence++;
  }

  seed(customers: number): void {
    for (let index = 1; index <= customers; index++) {
      const customer = this.addCustomer({ email: `customer${index}@example.com`, name: `Customer ${index}`, description: null });
      const created = this.created();
      this.subscriptions.push({
        id: stripeId('sub'),
        object: 'subscription',
        customer: customer.id,
        status: index === 1 ? 'canceled' : 'active',
        cancel_at_period_end: false,
        canceled_at: index === 1 ? created : null,
        ended_at: index === 1 ? created : null,
        created,
        current_period_end: created + 30 * 86_400,
      });
      this.paymentIntents.push({
        id: stripeId('pi'),
        object: 'payment_intent',
        amount: 2000 * index,
        amount_received: 2000 * index,
        currency: 'usd',
        customer: customer.id,
        status: 'succeeded',
        latest_charge: stripeId('ch'),
        created: this.created(),
        refunded: 0,
      });
    }
  }

  addCustomer(fields: { email: string | null; name: string | null; description: string | null }): StripeCustomer {
    const customer: StripeCustomer = { id: stripeId('cus'), object: 'customer', ...fields, created: this.created(), livemode: false };
    this.customers.push(customer);
    return customer;
  }
}

/**
 * Stripe lists: newest first, `limit` (1–100, default 10), `starting_after` / `ending_before`
 * object ids; `{ object: "list", url, has_more, data }`.
 */
export function stripeList<T extends { id: string; created: number }>(
  request: FastifyRequest,
  items: T[],
  url: string,
): { object: 'list'; url: string; has_more: boolean; data: T[] } | { missing: string } {
  const query = request.query as Record<string, string | undefined>;
  const limit = Math.min(Math.max(Number(query['limit'] ?? 10) || 10, 1), 100);
  const sorted = [...items].sort((a, b) => b.created - a.created);
  let start = 0;
  const after = query['starting_after'];
  if (after) {
    const index = sorted.findIndex((item) => item.id === after);
    if (index < 0) return { missing: after };
    start = index + 1;
  }
  const data = sorted.slice(start, start + limit);
  return { object: 'list', url, has_more: start + limit < sorted.length, data };
}
