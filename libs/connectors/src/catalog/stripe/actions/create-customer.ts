import { defineAction } from '../../../definition/define';
import { customer, RATE_LIMITED, REAUTH } from '../stripe.schemas';

export const createCustomer = defineAction({
  id: 'stripe.create_customer',
  version: '1.0.0',
  title: 'Create a Stripe customer',
  description:
    'Creates a customer (POST /v1/customers) with an email, name and description. Stripe does not enforce unique emails: a second call makes a second customer.',
  usage: 'Search with stripe.list_customers by email first to avoid duplicates. A customer alone charges nothing.',
  errorGuide: {
    upstream_invalid_request: 'A parameter is invalid (e.g. a malformed email); `field` names it.',
    upstream_rate_limited: RATE_LIMITED,
    needs_reauth: REAUTH,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['read_write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['email'],
    properties: {
      email: { type: 'string', minLength: 3, maxLength: 512, description: "The customer's email address.", examples: ['jenny.rosen@example.com'] },
      name: { type: 'string', minLength: 1, maxLength: 256, description: 'Full name or business name.', examples: ['Jenny Rosen'] },
      description: {
        type: 'string',
        maxLength: 350,
        description: 'An internal note shown in the Dashboard.',
        examples: ['Signed up via the partner programme'],
      },
    },
  },
  outputSchema: customer,
  http: {
    method: 'POST',
    path: '/customers',
    body: { encoding: 'form', value: { email: { $input: 'email' }, name: { $input: 'name' }, description: { $input: 'description' } } },
  },
  provenance: { docsUrl: 'https://docs.stripe.com/api/customers/create' },
  sourceFile: __filename,
});
