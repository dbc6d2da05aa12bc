import { defineAction } from '../../../definition/define';
import { CONTACTS_DOC, cursorParam, limitParam, MISSING_SCOPES, pagedContacts, propertyNamesParam, RATE_LIMITED } from '../hubspot.schemas';

export const listContacts = defineAction({
  id: 'hubspot.list_contacts',
  version: '1.0.0',
  title: 'List HubSpot contacts',
  description: 'Lists CRM contacts (GET /crm/v3/objects/contacts) a page at a time, with the properties you name.',
  usage: 'Use to walk all contacts. To find contacts by email, name or any property use hubspot.search_contacts instead. Follow nextCursor for more pages.',
  errorGuide: {
    upstream_rate_limited: RATE_LIMITED,
    upstream_forbidden: MISSING_SCOPES,
    needs_reauth: 'The 30-minute access token expired or was revoked; refresh once, otherwise reconnect.',
    invalid_input: 'The cursor did not come from this action.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['crm.objects.contacts.read'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: limitParam,
      properties: propertyNamesParam,
      archived: { type: 'boolean', description: 'List archived (deleted) contacts instead of live ones.', examples: [false] },
      cursor: cursorParam,
    },
  },
  outputSchema: pagedContacts,
  http: {
    method: 'GET',
    path: '/crm/v3/objects/contacts',
    query: { limit: { $input: 'limit' }, properties: { $input: 'properties' }, archived: { $input: 'archived' } },
  },
  pagination: { style: 'cursor', cursorInput: 'cursor', request: { name: 'after', in: 'query' }, nextCursorPath: 'paging.next.after' },
  provenance: { docsUrl: `${CONTACTS_DOC}/get-contacts` },
  sourceFile: __filename,
});
