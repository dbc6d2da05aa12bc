import { defineAction } from '../../../definition/define';
import { environmentIdParam, localizedFieldsParam, managementEntry, spaceIdParam } from '../contentful.schemas';

export const createEntry = defineAction({
  id: 'contentful.create_entry',
  version: '1.0.0',
  title: 'Create a Contentful entry (draft)',
  description: 'Creates a draft entry of a content type (POST …/entries with X-Contentful-Content-Type). It is not live until published.',
  usage:
    'Use to add content. Required-field validations run only on publish, so a draft may be incomplete. Publish with contentful.publish_entry using the returned sys.version.',
  errorGuide: {
    upstream_invalid_request: 'ValidationFailed: a field is unknown or has the wrong type; `field` shows the path.',
    upstream_not_found: 'Space, environment or content type not found.',
    upstream_rate_limited: 'Wait retryAfterMs.',
    needs_reauth: 'The token is invalid or revoked.',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['content_management_manage'],
  authModes: ['oauth2', 'personal_access_token'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['spaceId', 'contentTypeId', 'fields'],
    properties: {
      spaceId: spaceIdParam,
      environmentId: environmentIdParam,
      contentTypeId: { type: 'string', pattern: '^[a-zA-Z0-9-_.]{1,64}$', description: 'ID of the content type the entry belongs to.', examples: ['blogPost'] },
      fields: localizedFieldsParam,
    },
  },
  outputSchema: managementEntry,
  http: {
    method: 'POST',
    path: '/spaces/{spaceId}/environments/{environmentId}/entries',
    headers: { 'X-Contentful-Content-Type': { $input: 'contentTypeId' }, 'Content-Type': 'application/vnd.contentful.management.v1+json' },
    body: { encoding: 'json', value: { fields: { $input: 'fields' } } },
  },
  provenance: {
    docsUrl: 'https://www.contentful.com/developers/docs/references/content-management-api/#/reference/entries/entries-collection/create-an-entry',
  },
  sourceFile: __filename,
});
