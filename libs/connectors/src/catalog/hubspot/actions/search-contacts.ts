import { defineAction } from '../../../definition/define';
import { cursorParam, pagedContacts, propertyNamesParam, RATE_LIMITED } from '../hubspot.schemas';

export const searchContacts = defineAction({
  id: 'hubspot.search_contacts',
  version: '1.0.0',
  title: 'Search HubSpot contacts',
  description:
    'Finds contacts (POST /crm/v3/objects/contacts/search) by a free-text query over default searchable properties (name, email, phone, company) and/or property filters, returning the total and one page.',
  usage:
    'Use to look someone up by email or name before creating or updating. Filters in one group are ANDed, e.g. [{ propertyName: "email", operator: "EQ", value: "ada@example.com" }]. Search has its own lower per-second limit.',
  errorGuide: {
    upstream_invalid_request: 'A filter names an unknown property or operator (VALIDATION_ERROR).',
    upstream_rate_limited: RATE_LIMITED,
    invalid_input: 'The cursor did not come from this action.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['crm.objects.contacts.read'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      query: { type: 'string', minLength: 1, description: 'Free text matched against default searchable properties.', examples: ['lovelace'] },
      filters: {
        type: 'array',
        maxItems: 6,
        description: 'Property filters, all of which must hold.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['propertyName', 'operator'],
          properties: {
            propertyName: { type: 'string' },
            operator: { enum: ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN'] },
            value: { type: 'string' },
          },
        },
        examples: [[{ propertyName: 'email', operator: 'EQ', value: 'ada@example.com' }]],
      },
      properties: propertyNamesParam,
      limit: { type: 'integer', minimum: 1, maximum: 200, description: 'Results per page (at most 200).', examples: [20] },
      cursor: cursorParam,
    },
  },
  outputSchema: pagedContacts,
  http: {
    method: 'POST',
    path: '/crm/v3/objects/contacts/search',
    body: {
      encoding: 'json',
      value: {
        query: { $input: 'query' },
        filterGroups: [{ filters: { $input: 'filters' } }],
        properties: { $input: 'properties' },
        limit: { $input: 'limit' },
      },
    },
  },
  pagination: { style: 'cursor', cursorInput: 'cursor', request: { name: 'after', in: 'body' }, nextCursorPath: 'paging.next.after' },
  provenance: { docsUrl: 'https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/search/search-contacts' },
  sourceFile: __filename,
});
