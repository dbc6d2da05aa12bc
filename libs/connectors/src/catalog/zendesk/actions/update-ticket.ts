import { defineAction } from '../../../definition/define';
import { RECORD_NOT_FOUND, ticket, ticketIdParam, ticketPriority, ticketStatus } from '../zendesk.schemas';

export const updateTicket = defineAction({
  id: 'zendesk.update_ticket',
  version: '1.0.0',
  title: 'Update a Zendesk ticket or reply to it',
  description:
    'Changes a ticket (PUT /api/v2/tickets/{ticket_id}): status, priority, assignee, and/or adds a comment — public (the requester is emailed) or an internal note.',
  usage:
    'Use to reply to the requester, leave an internal note (public: false), or move a ticket along (status solved, pending…). Only the fields you pass change. A closed ticket cannot be updated.',
  errorGuide: {
    upstream_not_found: RECORD_NOT_FOUND,
    upstream_invalid_request: 'A field failed validation (RecordInvalid), e.g. the ticket is closed or the status is not allowed; `field` names it.',
    upstream_conflict: 'Someone else updated the ticket at the same moment; read it again and retry.',
    upstream_rate_limited: 'Account budget or the per-ticket update limit was hit; wait retryAfterMs.',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['write', 'tickets:write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['ticket_id'],
    properties: {
      ticket_id: ticketIdParam,
      status: ticketStatus,
      priority: ticketPriority,
      assignee_id: { type: 'integer', description: 'Agent to assign the ticket to.', examples: [235323] },
      comment: { type: 'string', minLength: 1, description: 'Text of a comment to add.', examples: ['We have reset your password; please try again.'] },
      public: {
        type: 'boolean',
        description: 'Whether the comment is visible to the requester; true when omitted, false makes an internal note.',
        examples: [false],
      },
    },
  },
  outputSchema: { type: 'object', properties: { ticket, audit: { type: 'object' } }, required: ['ticket'] },
  http: {
    method: 'PUT',
    path: '/tickets/{ticket_id}',
    body: {
      encoding: 'json',
      value: {
        ticket: {
          status: { $input: 'status' },
          priority: { $input: 'priority' },
          assignee_id: { $input: 'assignee_id' },
          comment: { body: { $input: 'comment' }, public: { $input: 'public' } },
        },
      },
    },
  },
  provenance: { docsUrl: 'https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket' },
  sourceFile: __filename,
});
