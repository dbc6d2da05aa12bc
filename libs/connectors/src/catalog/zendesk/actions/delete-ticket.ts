import { defineAction } from '../../../definition/define';
import { RECORD_NOT_FOUND, ticketIdParam } from '../zendesk.schemas';

export const deleteTicket = defineAction({
  id: 'zendesk.delete_ticket',
  version: '1.0.0',
  title: 'Delete a Zendesk ticket',
  description:
    'Deletes a ticket (DELETE /api/v2/tickets/{ticket_id}). It moves to the deleted-tickets view for 30 days, where an admin can restore it, and is then purged for good.',
  usage:
    'Only when asked to delete a ticket (spam, a duplicate). To finish handling a ticket set its status to solved with zendesk.update_ticket instead. Needs an admin, or an agent allowed to delete tickets.',
  errorGuide: {
    upstream_not_found: RECORD_NOT_FOUND,
    upstream_forbidden: 'The user may not delete tickets; ask an admin.',
    upstream_rate_limited: 'Wait retryAfterMs; the ticket was not deleted.',
  },
  sideEffect: 'destructive',
  hints: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
  scopes: ['write', 'tickets:write'],
  inputSchema: { type: 'object', additionalProperties: false, required: ['ticket_id'], properties: { ticket_id: ticketIdParam } },
  outputSchema: { type: 'object', properties: { deleted: { type: 'boolean' }, ticket_id: { type: 'integer' } }, required: ['deleted'] },
  http: { method: 'DELETE', path: '/tickets/{ticket_id}', response: { onNoContent: { deleted: true, ticket_id: { $input: 'ticket_id' } } } },
  provenance: { docsUrl: 'https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#delete-ticket' },
  sourceFile: __filename,
});
