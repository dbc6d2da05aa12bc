import type { JsonSchema } from '../../definition/action';

export const CONTACTS_DOC = 'https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts';

export const contactIdParam: JsonSchema = { type: 'string', pattern: '^[0-9]+$', description: "The contact's record id (hs_object_id).", examples: ['51'] };

export const propertyNamesParam: JsonSchema = {
  type: 'array',
  items: { type: 'string', minLength: 1 },
  description: 'Contact properties to return (internal names); firstname, lastname, email and a few dates when omitted.',
  examples: [['email', 'firstname', 'lastname', 'phone', 'lifecyclestage']],
};

export const propertyValues: JsonSchema = {
  type: 'object',
  additionalProperties: { type: 'string' },
  description: 'Property values by internal name, all as strings (email, firstname, lastname, phone, company, lifecyclestage…).',
  examples: [{ email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' }],
};

export const contact: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    properties: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    archived: { type: 'boolean' },
  },
  required: ['id', 'properties'],
};

export const pagedContacts: JsonSchema = {
  type: 'object',
  properties: {
    results: { type: 'array', items: contact },
    total: { type: 'integer', description: 'Search only: how many contacts match.' },
    paging: { type: 'object' },
  },
  required: ['results'],
};

export const limitParam: JsonSchema = {
  type: 'integer',
  minimum: 1,
  maximum: 100,
  default: 10,
  description: 'Contacts per page (default 10, at most 100 for lists, 200 for search).',
  examples: [50],
};

export const cursorParam: JsonSchema = {
  type: 'string',
  description: 'Opaque nextCursor from the previous page of this action. Omit for the first page.',
  examples: ['eyJhIjoiaHVic3BvdC5saXN0X2NvbnRhY3RzIn0'],
};

export const NOT_FOUND = 'No contact with this id, or it was archived; search by email with hubspot.search_contacts.';
export const RATE_LIMITED = "The app's 10-second burst or daily limit was hit (category RATE_LIMITS); wait and retry.";
export const MISSING_SCOPES = 'The connection lacks the crm.objects.contacts scope for this; reconnect granting it.';
