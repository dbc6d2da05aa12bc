import { defineAction } from '../../../definition/define';
import { cursorParam, pageSizeParam, ticket } from '../zendesk.schemas';

export const listTickets = defineAction({
  id: 'zendesk.list_tickets',
  version: '1.0.0',
  title: 'List Zendesk tickets',
  description:
    "Lists the account's tickets (GET /api/v2/tickets) one cursor page at a time, oldest first unless sorted otherwise. Deleted tickets are not listed.",
  usage:
    'Use to browse tickets or find an id. To read one ticket in full use zendesk.get_ticket; to read its conversation use zendesk.list_ticket_comments. Follow nextCursor for more pages.',
  errorGuide: {
    upstream_rate_limited: "The account's per-minute budget is used up; wait retryAfterMs (from Retry-After).",
    needs_reauth: 'The token or API token was refused ("Couldn\'t authenticate you"); reconnect.',
    invalid_input: 'The cursor did not come from this action.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read', 'tickets:read'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      page_size: pageSizeParam,
      sort: {
        enum: ['id', '-id', 'updated_at', '-updated_at', 'created_at', '-created_at', 'status', '-status'],
        description: 'Sort field; a leading `-` sorts descending.',
        examples: ['-updated_at'],
      },
      cursor: cursorParam,
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      tickets: { type: 'array', items: ticket },
      meta: { type: 'object', properties: { has_more: { type: 'boolean' }, after_cursor: { type: ['string', 'null'] } } },
    },
    required: ['tickets'],
  },
  http: { method: 'GET', path: '/tickets', query: { 'page[size]': { $input: 'page_size' }, sort: { $input: 'sort' } } },
  pagination: {
    style: 'cursor',
    cursorInput: 'cursor',
    request: { name: 'page[after]', in: 'query' },
    nextCursorPath: 'meta.after_cursor',
    hasMorePath: 'meta.has_more',
  },
  provenance: { docsUrl: 'https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets' },
  sourceFile: __filename,
});
