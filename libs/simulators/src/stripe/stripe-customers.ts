import type { FastifyInstance } from 'fastify';
import { bodyObject } from '../common/simulator-server';
import type { TokenApiContext } from '../common/token-api';
import { stripeList, type StripeAccount } from './stripe-account';
import type { HookRegistry } from '../webhooks/hook-registry';
import type { StripeErrors } from './stripe-billing';
import { emitStripeEvent } from './stripe-webhook-endpoints';

export function registerStripeCustomers(
  api: FastifyInstance,
  account: StripeAccount,
  context: TokenApiContext,
  errors: StripeErrors,
  hooks: HookRegistry,
): void {
  api.get('/v1/customers', async (request, reply) => {
    const email = (request.query as Record<string, string | undefined>)['email'];
    const list = stripeList(
      request,
      account.customers.filter((customer) => email === undefined || customer.email === email),
      '/v1/customers',
    );
    return 'missing' in list ? errors.missing(reply, 'customer', list.missing, 'starting_after') : list;
  });

  api.post('/v1/customers', async (request, reply) => {
    const body = bodyObject(request.body);
    const email = typeof body['email'] === 'string' ? body['email'] : null;
    if (email !== null && !/^[^@\s]+@[^@\s]+$/.test(email)) return errors.invalid(reply, 'email', 'Invalid email address: ' + email, 'email_invalid');
    const customer = account.addCustomer({
      email,
      name: typeof body['name'] === 'string' ? body['name'] : null,
      description: typeof body['description'] === 'string' ? body['description'] : null,
    });
    context.recordWrite(request);
    emitStripeEvent(hooks, 'customer.created', { ...customer });
    return customer;
  });
}
