import { defineAction } from '../../../definition/define';
import { contact, CONTACTS_DOC, MISSING_SCOPES, propertyValues, RATE_LIMITED } from '../hubspot.schemas';

export const createContact = defineAction({
  id: 'hubspot.create_contact',
  version: '1.0.0',
  title: 'Create a HubSpot contact',
  description:
    'Creates a CRM contact (POST /crm/v3/objects/contacts) from property values. Email is the unique key: a second contact with the same email is refused.',
  usage: 'Use to add a person to the CRM. Search by email first (hubspot.search_contacts); to change an existing contact use hubspot.update_contact.',
  errorGuide: {
    upstream_conflict: 'A contact with this email already exists; the message names its id. Update that one instead.',
    upstream_invalid_request: 'A property does not exist or its value is invalid (VALIDATION_ERROR); `field` names the property.',
    upstream_forbidden: MISSING_SCOPES,
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['crm.objects.contacts.write'],
  inputSchema: { type: 'object', additionalProperties: false, required: ['properties'], properties: { properties: propertyValues } },
  outputSchema: contact,
  http: { method: 'POST', path: '/crm/v3/objects/contacts', body: { encoding: 'json', value: { properties: { $input: 'properties' } } } },
  provenance: { docsUrl: `${CONTACTS_DOC}/create-contact` },
  sourceFile: __filename,
});
