import { defineAction } from '../../../definition/define';
import { cursorParam, list, NOT_SHARED, notionIdParam, page, pageSizeParam, RATE_LIMITED } from '../notion.schemas';

export const queryDatabase = defineAction({
  id: 'notion.query_database',
  version: '1.0.0',
  title: 'Query a Notion database',
  description:
    'Lists the rows (pages) of a database (POST /v1/databases/{database_id}/query), optionally filtered and sorted by its properties, one page at a time.',
  usage:
    'Use to read a table such as tasks or a CRM. Find the database id with notion.search (filter value database). Filters use Notion\'s typed syntax, e.g. { property: "Status", select: { equals: "Done" } }.',
  errorGuide: {
    upstream_not_found: NOT_SHARED,
    upstream_invalid_request: 'The filter names a property the database lacks or uses the wrong type for it (validation_error).',
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read_content'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['database_id'],
    properties: {
      database_id: notionIdParam('database', '668d797c-76fa-4934-9b05-ad288df2d136'),
      filter: {
        type: 'object',
        description: 'A Notion filter object (property filter, or and/or compound).',
        examples: [{ property: 'Done', checkbox: { equals: false } }],
      },
      sorts: {
        type: 'array',
        items: { type: 'object' },
        description: 'Sort objects, e.g. by a property ascending.',
        examples: [[{ property: 'Name', direction: 'ascending' }]],
      },
      page_size: pageSizeParam,
      cursor: cursorParam,
    },
  },
  outputSchema: list(page),
  http: {
    method: 'POST',
    path: '/databases/{database_id}/query',
    body: { encoding: 'json', value: { filter: { $input: 'filter' }, sorts: { $input: 'sorts' }, page_size: { $input: 'page_size' } } },
  },
  pagination: { style: 'cursor', cursorInput: 'cursor', request: { name: 'start_cursor', in: 'body' }, nextCursorPath: 'next_cursor', hasMorePath: 'has_more' },
  provenance: { docsUrl: 'https://developers.notion.com/reference/post-database-query' },
  sourceFile: __filename,
});
