import { defineAction } from '../../../definition/define';
import { collectionOf, environmentIdParam, managementEntry, searchParams, spaceIdParam } from '../contentful.schemas';

export const searchEntries = defineAction({
  id: 'contentful.search_entries',
  version: '1.0.0',
  title: 'Search Contentful entries (drafts included)',
  description:
    'Searches entries through the Content Management API: drafts, changed and published entries, all locales, with version numbers needed for updates.',
  usage:
    'Use before editing content, or when drafts matter. To read only what is live on the website use contentful.search_published_entries. Follow nextCursor for more pages; `total` counts all matches.',
  errorGuide: {
    upstream_invalid_request: 'InvalidQuery: a filter or order is not valid for the field type, or contentType is missing for a field filter.',
    upstream_not_found: 'The space or environment does not exist for this token.',
    upstream_rate_limited: 'Contentful allows about 7 management requests per second; wait retryAfterMs.',
    needs_reauth: 'The token is invalid or revoked (AccessTokenInvalid).',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['content_management_read'],
  authModes: ['oauth2', 'personal_access_token'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['spaceId'],
    properties: { spaceId: spaceIdParam, environmentId: environmentIdParam, ...searchParams },
  },
  outputSchema: collectionOf(managementEntry),
  http: {
    method: 'GET',
    path: '/spaces/{spaceId}/environments/{environmentId}/entries',
    query: { content_type: { $input: 'contentType' }, query: { $input: 'query' }, order: { $input: 'order' }, limit: { $input: 'limit' } },
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
    docsUrl: 'https://www.contentful.com/developers/docs/references/content-management-api/#/reference/entries/entries-collection/get-all-entries-of-a-space',
  },
  sourceFile: __filename,
});
