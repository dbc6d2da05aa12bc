import { defineAction } from '../../../definition/define';
import { contact, CONTACTS_DOC, contactIdParam, NOT_FOUND, propertyValues, RATE_LIMITED } from '../hubspot.schemas';

export const updateContact = defineAction({
  id: 'hubspot.update_contact',
  version: '1.0.0',
  title: 'Update a HubSpot contact',
  description:
    'Changes property values of one contact (PATCH /crm/v3/objects/contacts/{contactId}); properties you do not name keep their values. An empty string clears a value.',
  usage: 'Use to correct or enrich a contact you found with hubspot.search_contacts or hubspot.get_contact.',
  errorGuide: {
    upstream_not_found: NOT_FOUND,
    upstream_invalid_request: 'A property does not exist or its value is invalid (VALIDATION_ERROR); `field` names the property.',
    upstream_conflict: 'The new email belongs to another contact.',
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  scopes: ['crm.objects.contacts.write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['contact_id', 'properties'],
    properties: { contact_id: contactIdParam, properties: propertyValues },
  },
  outputSchema: contact,
  http: { method: 'PATCH', path: '/crm/v3/objects/contacts/{contact_id}', body: { encoding: 'json', value: { properties: { $input: 'properties' } } } },
  provenance: { docsUrl: `${CONTACTS_DOC}/update-contact` },
  sourceFile: __filename,
});
