import { defineAction } from '../../../definition/define';
import { entryIdParam, environmentIdParam, managementEntry, spaceIdParam, versionParam } from '../contentful.schemas';

export const publishEntry = defineAction({
  id: 'contentful.publish_entry',
  version: '1.0.0',
  title: 'Publish a Contentful entry',
  description: 'Makes the current version of an entry live on the Delivery API (PUT …/entries/{id}/published). Content-type validations run now.',
  usage: 'Use after creating or updating an entry, with the version returned by that call. Publishing changes what readers see.',
  errorGuide: {
    upstream_conflict: 'VersionMismatch: the entry changed since you read it; get it again and publish the new version.',
    upstream_invalid_request: 'ValidationFailed: a required field is empty or a validation rule fails; `field` shows which.',
    upstream_not_found: 'No entry with this ID.',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  scopes: ['content_management_manage'],
  authModes: ['oauth2', 'personal_access_token'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['spaceId', 'entryId', 'version'],
    properties: { spaceId: spaceIdParam, environmentId: environmentIdParam, entryId: entryIdParam, version: versionParam },
  },
  outputSchema: managementEntry,
  http: {
    method: 'PUT',
    path: '/spaces/{spaceId}/environments/{environmentId}/entries/{entryId}/published',
    headers: { 'X-Contentful-Version': { $input: 'version' } },
  },
  provenance: { docsUrl: 'https://www.contentful.com/developers/docs/references/content-management-api/#/reference/entries/entry-publishing/publish-an-entry' },
  sourceFile: __filename,
});
