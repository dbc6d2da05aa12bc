import { defineAction } from '../../../definition/define';
import { CONTACTS_DOC, contactIdParam, MISSING_SCOPES, RATE_LIMITED } from '../hubspot.schemas';

export const archiveContact = defineAction({
  id: 'hubspot.archive_contact',
  version: '1.0.0',
  title: 'Archive (delete) a HubSpot contact',
  description:
    'Archives a contact (DELETE /crm/v3/objects/contacts/{contactId}): it disappears from the CRM and lists; a HubSpot user can restore it within 90 days, after which it is gone.',
  usage: 'Only when asked to delete a contact. Archiving an id that is already archived succeeds again, so check with hubspot.get_contact first if it matters.',
  errorGuide: {
    upstream_forbidden: MISSING_SCOPES,
    upstream_rate_limited: RATE_LIMITED,
    needs_reauth: 'The token expired or was revoked; refresh once, otherwise reconnect.',
  },
  sideEffect: 'destructive',
  hints: { readOnly: false, destructive: true, idempotent: true, openWorld: true },
  scopes: ['crm.objects.contacts.write'],
  inputSchema: { type: 'object', additionalProperties: false, required: ['contact_id'], properties: { contact_id: contactIdParam } },
  outputSchema: { type: 'object', properties: { archived: { type: 'boolean' }, contact_id: { type: 'string' } }, required: ['archived'] },
  http: {
    method: 'DELETE',
    path: '/crm/v3/objects/contacts/{contact_id}',
    response: { onNoContent: { archived: true, contact_id: { $input: 'contact_id' } } },
  },
  provenance: { docsUrl: `${CONTACTS_DOC}/delete-contact` },
  sourceFile: __filename,
});
