import { defineAction } from '../../../definition/define';
import { entryIdParam, environmentIdParam, localizedFieldsParam, managementEntry, spaceIdParam, versionParam } from '../contentful.schemas';

export const updateEntry = defineAction({
  id: 'contentful.update_entry',
  version: '1.0.0',
  title: 'Update a Contentful entry',
  description:
    'Replaces all fields of an entry (PUT …/entries/{id} with X-Contentful-Version). Fields left out are deleted. Returns the entry with its new version.',
  usage:
    'Read the entry first (contentful.get_entry), change the fields, and send all of them with the version you read. A published entry becomes "changed" until published again.',
  errorGuide: {
    upstream_conflict: 'VersionMismatch: someone changed the entry since you read it. Read it again, re-apply your change, retry with the new version.',
    upstream_invalid_request: 'ValidationFailed: a field is unknown or has the wrong type.',
    upstream_not_found: 'No entry with this ID.',
    needs_reauth: 'The token is invalid or revoked.',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  scopes: ['content_management_manage'],
  authModes: ['oauth2', 'personal_access_token'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['spaceId', 'entryId', 'version', 'fields'],
    properties: { spaceId: spaceIdParam, environmentId: environmentIdParam, entryId: entryIdParam, version: versionParam, fields: localizedFieldsParam },
  },
  outputSchema: managementEntry,
  http: {
    method: 'PUT',
    path: '/spaces/{spaceId}/environments/{environmentId}/entries/{entryId}',
    headers: { 'X-Contentful-Version': { $input: 'version' }, 'Content-Type': 'application/vnd.contentful.management.v1+json' },
    body: { encoding: 'json', value: { fields: { $input: 'fields' } } },
  },
  provenance: { docsUrl: 'https://www.contentful.com/developers/docs/references/content-management-api/#/reference/entries/entry/create-update-an-entry' },
  sourceFile: __filename,
});
