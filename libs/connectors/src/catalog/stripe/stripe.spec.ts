import { ManualClock, startStripeSimulator, type RunningSimulator, type StripeSimulatorControl } from '@causeway/simulators';
import type { ConnectionContext, Credential } from '../../engine/types';
import { engineWithClock, expectError, expectOk } from '../engine-test-support';

type List<T> = { data: T[]; has_more: boolean };
type Customer = { id: string; email: string };
type Subscription = { id: string; status: string; customer: string };

describe('Stripe connector against the Stripe simulator', () => {
  let sim: RunningSimulator<StripeSimulatorControl>;
  let clock: ManualClock;
  let credential: Credential;
  let connection: ConnectionContext;
  const run = (action: string, input: Record<string, unknown>) => engineWithClock(clock).executeAction({ action, input, credential, connection });

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startStripeSimulator({ clock, seedCustomers: 5 });
    credential = { authMode: 'secret_key', kind: 'token', token: sim.control.issueToken() };
    connection = { serverOverrides: { default: `${sim.url}/v1` } };
  });
  afterEach(() => sim.stop());

  it('pages customers with starting_after = the last id until has_more is false', async () => {
    const emails: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = expectOk<List<Customer>>(await run('stripe.list_customers', { limit: 2, ...(cursor ? { cursor } : {}) }));
      emails.push(...page.data.data.map((customer) => customer.email));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(emails).toEqual([5, 4, 3, 2, 1].map((index) => `customer${index}@example.com`));
  });

  it('creates a customer form-encoded and finds it by exact email', async () => {
    const created = expectOk<Customer>(await run('stripe.create_customer', { email: 'jenny@example.com', name: 'Jenny Rosen' }));
    expect(created.data).toMatchObject({ object: 'customer', email: 'jenny@example.com', name: 'Jenny Rosen' });
    const found = expectOk<List<Customer>>(await run('stripe.list_customers', { email: 'jenny@example.com' }));
    expect(found.data.data.map((customer) => customer.id)).toEqual([created.data.id]);
    const bad = expectError(await run('stripe.create_customer', { email: 'not an email' }));
    expect(bad.error).toMatchObject({ code: 'upstream_invalid_request', upstreamStatus: 400, field: 'email', vendorCode: 'email_invalid' });
  });

  it('cancels a subscription now (destructive): it leaves the default list and shows as canceled', async () => {
    const active = expectOk<List<Subscription>>(await run('stripe.list_subscriptions', {}));
    expect(active.data.data).toHaveLength(4);
    const target = active.data.data[0] as Subscription;
    const canceled = expectOk<Subscription & { canceled_at: number }>(await run('stripe.cancel_subscription', { subscription_id: target.id, prorate: true }));
    expect(canceled.data).toMatchObject({ id: target.id, status: 'canceled', canceled_at: expect.any(Number) });
    expect(sim.control.account.subscriptions.find((subscription) => subscription.id === target.id)?.status).toBe('canceled');
    const after = expectOk<List<Subscription>>(await run('stripe.list_subscriptions', { customer: target.customer }));
    expect(after.data.data).toEqual([]);
    const ended = expectOk<List<Subscription>>(await run('stripe.list_subscriptions', { status: 'canceled' }));
    expect(ended.data.data).toHaveLength(2);
  });

  it('maps resource_missing (404) to upstream_not_found naming the parameter', async () => {
    const result = expectError(await run('stripe.cancel_subscription', { subscription_id: 'sub_doesnotexist' }));
    expect(result.error).toMatchObject({ code: 'upstream_not_found', upstreamStatus: 404, vendorCode: 'resource_missing', field: 'id' });
    expect(result.error.message).toContain("No such subscription: 'sub_doesnotexist'");
  });

  it('refunds part of a payment, then the rest, then refuses a third refund', async () => {
    const payments = expectOk<List<{ id: string; amount: number }>>(await run('stripe.list_payment_intents', { limit: 1 }));
    const payment = payments.data.data[0] as { id: string; amount: number };
    expect(payment.amount).toBe(10_000);
    expect(
      expectOk<{ amount: number }>(await run('stripe.create_refund', { payment_intent: payment.id, amount: 2500, reason: 'requested_by_customer' })).data
        .amount,
    ).toBe(2500);
    const over = expectError(await run('stripe.create_refund', { payment_intent: payment.id, amount: 9000 }));
    expect(over.error).toMatchObject({ code: 'upstream_invalid_request', field: 'amount' });
    expect(expectOk<{ amount: number }>(await run('stripe.create_refund', { payment_intent: payment.id })).data.amount).toBe(7500);
    const done = expectError(await run('stripe.create_refund', { payment_intent: payment.id }));
    expect(done.error).toMatchObject({ code: 'upstream_invalid_request', vendorCode: 'charge_already_refunded' });
    expect(sim.control.writeCount('POST /v1/refunds')).toBe(2);
  });

  it('maps 429 rate_limit (no Retry-After) to upstream_rate_limited with a one-second wait', async () => {
    sim.control.setLimit(1);
    expectOk(await run('stripe.list_customers', {}));
    expect(expectError(await run('stripe.list_customers', {})).error).toMatchObject({ code: 'upstream_rate_limited', upstreamStatus: 429, retryAfterMs: 1000 });
  });

  it('maps an invalid API key to needs_reauth', async () => {
    sim.control.revokeTokens();
    const result = expectError(await run('stripe.list_customers', {}));
    expect(result.error).toMatchObject({ code: 'needs_reauth', upstreamStatus: 401 });
    expect(result.error.message).toContain('Invalid API Key provided');
  });
});
