import { defineAction } from '../../../definition/define';
import { comment, cursorParam, pageSizeParam, RECORD_NOT_FOUND, ticketIdParam } from '../zendesk.schemas';

export const listTicketComments = defineAction({
  id: 'zendesk.list_ticket_comments',
  version: '1.0.0',
  title: 'List the comments of a Zendesk ticket',
  description:
    "Lists a ticket's conversation (GET /api/v2/tickets/{ticket_id}/comments), public replies and internal notes, oldest first, one cursor page at a time.",
  usage: 'Use to read what the requester and agents said before replying. `public: false` marks internal notes the requester never saw.',
  errorGuide: {
    upstream_not_found: RECORD_NOT_FOUND,
    upstream_rate_limited: 'Wait retryAfterMs, then try again.',
    invalid_input: 'The cursor did not come from this action.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read', 'tickets:read'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['ticket_id'],
    properties: { ticket_id: ticketIdParam, page_size: pageSizeParam, cursor: cursorParam },
  },
  outputSchema: { type: 'object', properties: { comments: { type: 'array', items: comment }, meta: { type: 'object' } }, required: ['comments'] },
  http: { method: 'GET', path: '/tickets/{ticket_id}/comments', query: { 'page[size]': { $input: 'page_size' } } },
  pagination: {
    style: 'cursor',
    cursorInput: 'cursor',
    request: { name: 'page[after]', in: 'query' },
    nextCursorPath: 'meta.after_cursor',
    hasMorePath: 'meta.has_more',
  },
  provenance: { docsUrl: 'https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#list-comments' },
  sourceFile: __filename,
});
