import type { JsonSchema } from '../../definition/action';

export const sobjectParam: JsonSchema = {
  type: 'string',
  pattern: '^[A-Za-z][A-Za-z0-9_]*$',
  description: 'API name of the object type: Account, Contact, Opportunity, or a custom object ending in __c.',
  examples: ['Account'],
};

export const recordIdParam: JsonSchema = {
  type: 'string',
  pattern: '^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$',
  description: 'Salesforce record ID, 18 characters (15-character IDs also work).',
  examples: ['001Dn00000AbCdEIAZ'],
};

export const recordFieldsParam = (purpose: string): JsonSchema => ({
  type: 'object',
  minProperties: 1,
  description: `Field API names and values ${purpose}. Use salesforce.describe_object to learn the fields.`,
  examples: [{ Name: 'Acme Corp', Industry: 'Manufacturing' }],
});

export const saveResult: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    success: { type: 'boolean' },
    errors: { type: 'array' },
  },
  required: ['id', 'success'],
};

export const record: JsonSchema = {
  type: 'object',
  properties: {
    attributes: { type: 'object', properties: { type: { type: 'string' }, url: { type: 'string' } } },
  },
};
