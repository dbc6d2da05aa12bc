import { defineAction } from '../../../definition/define';
import { RECORD_NOT_FOUND, ticket, ticketIdParam } from '../zendesk.schemas';

export const getTicket = defineAction({
  id: 'zendesk.get_ticket',
  version: '1.0.0',
  title: 'Get a Zendesk ticket',
  description:
    'Reads one ticket by id (GET /api/v2/tickets/{ticket_id}): subject, first message (description), status, priority, requester, assignee and tags.',
  usage: 'Use when you know the ticket id. The description is only the first message; read the whole conversation with zendesk.list_ticket_comments.',
  errorGuide: {
    upstream_not_found: RECORD_NOT_FOUND,
    needs_reauth: 'The credential was refused; reconnect.',
    upstream_rate_limited: 'Wait retryAfterMs, then try again.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['read', 'tickets:read'],
  inputSchema: { type: 'object', additionalProperties: false, required: ['ticket_id'], properties: { ticket_id: ticketIdParam } },
  outputSchema: { type: 'object', properties: { ticket }, required: ['ticket'] },
  http: { method: 'GET', path: '/tickets/{ticket_id}' },
  provenance: { docsUrl: 'https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-ticket' },
  sourceFile: __filename,
});
