import { defineAction } from '../../../definition/define';
import { cursorParam, list, pageSizeParam, RATE_LIMITED } from '../notion.schemas';

export const search = defineAction({
  id: 'notion.search',
  version: '1.0.0',
  title: 'Search Notion pages and databases',
  description:
    'Searches the titles of pages and databases shared with the integration (POST /v1/search), most recently edited first. Finds only what users shared with the integration.',
  usage:
    'Start here to find a page or database id by its title. Page content is not searched; read it with notion.list_block_children. Follow nextCursor for more results.',
  errorGuide: {
    upstream_rate_limited: RATE_LIMITED,
    needs_reauth: 'The integration token is invalid or was revoked; reconnect.',
    invalid_input: 'The cursor did not come from this action.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read_content'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      query: { type: 'string', description: 'Text to match in titles; everything shared when omitted.', examples: ['Roadmap'] },
      filter: {
        type: 'object',
        additionalProperties: false,
        required: ['property', 'value'],
        properties: { property: { const: 'object' }, value: { enum: ['page', 'database'] } },
        description: 'Only pages or only databases: { property: "object", value: "page" | "database" }.',
        examples: [{ property: 'object', value: 'database' }],
      },
      page_size: pageSizeParam,
      cursor: cursorParam,
    },
  },
  outputSchema: list({ type: 'object', properties: { object: { enum: ['page', 'database'] }, id: { type: 'string' } }, required: ['object', 'id'] }),
  http: {
    method: 'POST',
    path: '/search',
    body: {
      encoding: 'json',
      value: {
        query: { $input: 'query' },
        filter: { $input: 'filter' },
        sort: { direction: 'descending', timestamp: 'last_edited_time' },
        page_size: { $input: 'page_size' },
      },
    },
  },
  pagination: { style: 'cursor', cursorInput: 'cursor', request: { name: 'start_cursor', in: 'body' }, nextCursorPath: 'next_cursor', hasMorePath: 'has_more' },
  provenance: { docsUrl: 'https://developers.notion.com/reference/post-search' },
  sourceFile: __filename,
});
