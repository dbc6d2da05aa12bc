import { defineAction } from '../../../definition/define';
import { deliveryEntry, entryIdParam, environmentIdParam, spaceIdParam } from '../contentful.schemas';

export const getPublishedEntry = defineAction({
  id: 'contentful.get_published_entry',
  version: '1.0.0',
  title: 'Get a published Contentful entry',
  description: 'Reads the live (published) version of one entry through the Content Delivery API, fields flattened to one locale.',
  usage: 'Use to see exactly what readers see. A draft or unpublished entry is not found here.',
  errorGuide: {
    upstream_not_found: 'The entry does not exist or is not published.',
    needs_reauth: 'The delivery key is invalid or revoked.',
    connection_required: 'This action needs a connection with a Content Delivery API key.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: [],
  authModes: ['delivery_api_key'],
  server: 'delivery',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['spaceId', 'entryId'],
    properties: {
      spaceId: spaceIdParam,
      environmentId: environmentIdParam,
      entryId: entryIdParam,
      locale: { type: 'string', description: 'Locale of the returned fields; `*` for all.', examples: ['de-DE'] },
    },
  },
  outputSchema: deliveryEntry,
  http: { method: 'GET', path: '/spaces/{spaceId}/environments/{environmentId}/entries/{entryId}', query: { locale: { $input: 'locale' } } },
  provenance: { docsUrl: 'https://www.contentful.com/developers/docs/references/content-delivery-api/#/reference/entries/entry/get-a-single-entry' },
  sourceFile: __filename,
});
