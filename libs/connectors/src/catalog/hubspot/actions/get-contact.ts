import { defineAction } from '../../../definition/define';
import { contact, CONTACTS_DOC, contactIdParam, NOT_FOUND, propertyNamesParam, RATE_LIMITED } from '../hubspot.schemas';

export const getContact = defineAction({
  id: 'hubspot.get_contact',
  version: '1.0.0',
  title: 'Get a HubSpot contact',
  description: 'Reads one contact by record id (GET /crm/v3/objects/contacts/{contactId}) with the properties you name.',
  usage: 'Use when you have the contact id. When you only have an email, use hubspot.search_contacts.',
  errorGuide: { upstream_not_found: NOT_FOUND, upstream_rate_limited: RATE_LIMITED },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['crm.objects.contacts.read'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['contact_id'],
    properties: { contact_id: contactIdParam, properties: propertyNamesParam },
  },
  outputSchema: contact,
  http: { method: 'GET', path: '/crm/v3/objects/contacts/{contact_id}', query: { properties: { $input: 'properties' } } },
  provenance: { docsUrl: `${CONTACTS_DOC}/get-contact` },
  sourceFile: __filename,
});
