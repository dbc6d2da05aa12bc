import { defineAction } from '../../../definition/define';
import { entryIdParam, environmentIdParam, spaceIdParam } from '../contentful.schemas';

export const deleteEntry = defineAction({
  id: 'contentful.delete_entry',
  version: '1.0.0',
  title: 'Delete a Contentful entry',
  description: 'Permanently deletes an unpublished entry (DELETE …/entries/{id}). There is no trash; the content is gone.',
  usage: 'Only for drafts created by mistake. A published entry must be unpublished by a human first.',
  errorGuide: {
    upstream_invalid_request: 'The entry is published; Contentful refuses to delete it (BadRequest).',
    upstream_not_found: 'No entry with this ID (already deleted?).',
  },
  sideEffect: 'destructive',
  hints: { readOnly: false, destructive: true, idempotent: true, openWorld: true },
  scopes: ['content_management_manage'],
  authModes: ['oauth2', 'personal_access_token'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['spaceId', 'entryId'],
    properties: { spaceId: spaceIdParam, environmentId: environmentIdParam, entryId: entryIdParam },
  },
  outputSchema: {
    type: 'object',
    properties: { deleted: { const: true }, entryId: { type: 'string' } },
    required: ['deleted'],
  },
  http: {
    method: 'DELETE',
    path: '/spaces/{spaceId}/environments/{environmentId}/entries/{entryId}',
    response: { onNoContent: { deleted: true, entryId: { $input: 'entryId' } } },
  },
  provenance: { docsUrl: 'https://www.contentful.com/developers/docs/references/content-management-api/#/reference/entries/entry/delete-an-entry' },
  sourceFile: __filename,
});
