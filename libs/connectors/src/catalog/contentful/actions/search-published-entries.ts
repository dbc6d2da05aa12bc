import { defineAction } from '../../../definition/define';
import { collectionOf, deliveryEntry, environmentIdParam, searchParams, spaceIdParam } from '../contentful.schemas';

export const searchPublishedEntries = defineAction({
  id: 'contentful.search_published_entries',
  version: '1.0.0',
  title: 'Search published Contentful entries',
  description: 'Searches live content through the Content Delivery API (cdn.contentful.com): published versions only, fields flattened to one locale.',
  usage:
    'Use to answer questions about what the website shows. Needs a connection with a Content Delivery API key. For drafts or before editing use contentful.search_entries.',
  errorGuide: {
    upstream_invalid_request: 'InvalidQuery: a filter or order is not valid, or contentType is missing for a field filter.',
    needs_reauth: 'The delivery key is invalid or revoked.',
    connection_required: 'The connection uses a management token; this action needs a Content Delivery API key.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: [],
  authModes: ['delivery_api_key'],
  server: 'delivery',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['spaceId'],
    properties: {
      spaceId: spaceIdParam,
      environmentId: environmentIdParam,
      locale: {
        type: 'string',
        description: 'Locale of the returned fields (default: the space default); `*` returns all locales nested.',
        examples: ['en-US'],
      },
      ...searchParams,
    },
  },
  outputSchema: collectionOf(deliveryEntry),
  http: {
    method: 'GET',
    path: '/spaces/{spaceId}/environments/{environmentId}/entries',
    query: {
      content_type: { $input: 'contentType' },
      query: { $input: 'query' },
      order: { $input: 'order' },
      limit: { $input: 'limit' },
      locale: { $input: 'locale' },
    },
    queryFromObject: 'filters',
  },
  pagination: {
    style: 'offset',
    cursorInput: 'cursor',
    request: { offsetParam: 'skip', in: 'query' },
    itemsPath: 'items',
    totalPath: 'total',
    offsetPath: 'skip',
  },
  provenance: {
    docsUrl: 'https://www.contentful.com/developers/docs/references/content-delivery-api/#/reference/entries/entries-collection/get-all-entries-of-a-space',
  },
  sourceFile: __filename,
});
