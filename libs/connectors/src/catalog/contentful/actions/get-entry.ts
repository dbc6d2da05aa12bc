import { defineAction } from '../../../definition/define';
import { entryIdParam, environmentIdParam, managementEntry, spaceIdParam } from '../contentful.schemas';

export const getEntry = defineAction({
  id: 'contentful.get_entry',
  version: '1.0.0',
  title: 'Get a Contentful entry (with its version)',
  description: 'Reads one entry through the Content Management API: all locales, draft state, and sys.version, which updates and publishing need.',
  usage: 'Call right before contentful.update_entry or contentful.publish_entry to get the current version.',
  errorGuide: {
    upstream_not_found: 'No entry with this ID in this space and environment.',
    needs_reauth: 'The token is invalid or revoked (AccessTokenInvalid).',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['content_management_read'],
  authModes: ['oauth2', 'personal_access_token'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['spaceId', 'entryId'],
    properties: { spaceId: spaceIdParam, environmentId: environmentIdParam, entryId: entryIdParam },
  },
  outputSchema: managementEntry,
  http: { method: 'GET', path: '/spaces/{spaceId}/environments/{environmentId}/entries/{entryId}' },
  provenance: { docsUrl: 'https://www.contentful.com/developers/docs/references/content-management-api/#/reference/entries/entry/get-a-single-entry' },
  sourceFile: __filename,
});
