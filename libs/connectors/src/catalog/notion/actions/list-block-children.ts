import { defineAction } from '../../../definition/define';
import { cursorParam, list, NOT_SHARED, notionIdParam, pageSizeParam, RATE_LIMITED } from '../notion.schemas';

export const listBlockChildren = defineAction({
  id: 'notion.list_block_children',
  version: '1.0.0',
  title: 'Read the content of a Notion page',
  description:
    'Lists the blocks directly inside a page or block (GET /v1/blocks/{block_id}/children): paragraphs, headings, to-dos, lists… in order, one page of blocks at a time.',
  usage: 'Use to read what a page says (pass the page id as block_id). Blocks with has_children hold nested blocks; list them with their own id.',
  errorGuide: { upstream_not_found: NOT_SHARED, upstream_rate_limited: RATE_LIMITED, invalid_input: 'The cursor did not come from this action.' },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read_content'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['block_id'],
    properties: { block_id: notionIdParam('page or block', 'b55c9c91-384d-452b-81db-d1ef79372b75'), page_size: pageSizeParam, cursor: cursorParam },
  },
  outputSchema: list({
    type: 'object',
    properties: { object: { const: 'block' }, id: { type: 'string' }, type: { type: 'string' }, has_children: { type: 'boolean' } },
    required: ['id', 'type'],
  }),
  http: { method: 'GET', path: '/blocks/{block_id}/children', query: { page_size: { $input: 'page_size' } } },
  pagination: {
    style: 'cursor',
    cursorInput: 'cursor',
    request: { name: 'start_cursor', in: 'query' },
    nextCursorPath: 'next_cursor',
    hasMorePath: 'has_more',
  },
  provenance: { docsUrl: 'https://developers.notion.com/reference/get-block-children' },
  sourceFile: __filename,
});
