import { defineAction } from '../../../definition/define';
import { NOT_SHARED, notionIdParam, page, RATE_LIMITED } from '../notion.schemas';

export const getPage = defineAction({
  id: 'notion.get_page',
  version: '1.0.0',
  title: "Get a Notion page's properties",
  description: "Reads a page's properties (GET /v1/pages/{page_id}): title, database columns, parent, archived flag. Not its content.",
  usage: "Use for a page's title or a database row's values. For the text on the page use notion.list_block_children with the page id.",
  errorGuide: { upstream_not_found: NOT_SHARED, upstream_rate_limited: RATE_LIMITED },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read_content'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['page_id'],
    properties: { page_id: notionIdParam('page', 'b55c9c91-384d-452b-81db-d1ef79372b75') },
  },
  outputSchema: page,
  http: { method: 'GET', path: '/pages/{page_id}' },
  provenance: { docsUrl: 'https://developers.notion.com/reference/retrieve-a-page' },
  sourceFile: __filename,
});
