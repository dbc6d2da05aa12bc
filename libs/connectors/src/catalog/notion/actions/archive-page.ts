import { defineAction } from '../../../definition/define';
import { NOT_SHARED, notionIdParam, page, RATE_LIMITED } from '../notion.schemas';

export const archivePage = defineAction({
  id: 'notion.archive_page',
  version: '1.0.0',
  title: 'Archive (trash) a Notion page',
  description:
    'Moves a page to the trash (PATCH /v1/pages/{page_id} with archived: true). The API cannot delete pages for good; a user can restore it from the trash until the workspace empties it.',
  usage: 'Only when asked to delete or archive a page. Its sub-pages go with it. For a database row this removes the row.',
  errorGuide: {
    upstream_not_found: NOT_SHARED,
    upstream_forbidden: 'The integration lacks the update-content capability (restricted_resource).',
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'destructive',
  hints: { readOnly: false, destructive: true, idempotent: true, openWorld: true },
  scopes: ['update_content'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['page_id'],
    properties: { page_id: notionIdParam('page', 'b55c9c91-384d-452b-81db-d1ef79372b75') },
  },
  outputSchema: page,
  http: { method: 'PATCH', path: '/pages/{page_id}', body: { encoding: 'json', value: { archived: true } } },
  provenance: { docsUrl: 'https://developers.notion.com/reference/archive-a-page' },
  sourceFile: __filename,
});
