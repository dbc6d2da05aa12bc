import { defineAction } from '../../../definition/define';
import { ticket, ticketPriority } from '../zendesk.schemas';

export const createTicket = defineAction({
  id: 'zendesk.create_ticket',
  version: '1.0.0',
  title: 'Create a Zendesk ticket',
  description:
    'Opens a ticket (POST /api/v2/tickets) whose first comment is the given text; the authenticated user is the requester unless requester_id is set. Triggers (notifications to the requester) fire as for any new ticket.',
  usage: 'Use to record a new support request. To add to an existing ticket use zendesk.update_ticket with a comment instead of opening a duplicate.',
  errorGuide: {
    upstream_invalid_request: 'A field failed validation (RecordInvalid); `field` names it, e.g. a comment without a body.',
    upstream_rate_limited: 'Wait retryAfterMs, then try again; the ticket was not created.',
    needs_reauth: 'The credential was refused; reconnect.',
    upstream_forbidden: 'The user may not create tickets (a light agent or an end user on a closed help center).',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['write', 'tickets:write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['subject', 'comment'],
    properties: {
      subject: { type: 'string', minLength: 1, description: 'Ticket subject line.', examples: ['Cannot log in since the update'] },
      comment: {
        type: 'string',
        minLength: 1,
        description: 'The first message of the ticket (plain text).',
        examples: ['Since this morning the login page says my password is wrong.'],
      },
      priority: ticketPriority,
      type: { enum: ['problem', 'incident', 'question', 'task'], description: 'Ticket type.', examples: ['incident'] },
      requester_id: { type: 'integer', description: 'User id of the requester; the caller when omitted.', examples: [20978392] },
      tags: { type: 'array', items: { type: 'string' }, description: 'Tags to set on the ticket.', examples: [['login', 'vip']] },
    },
  },
  outputSchema: { type: 'object', properties: { ticket }, required: ['ticket'] },
  http: {
    method: 'POST',
    path: '/tickets',
    body: {
      encoding: 'json',
      value: {
        ticket: {
          subject: { $input: 'subject' },
          comment: { body: { $input: 'comment' } },
          priority: { $input: 'priority' },
          type: { $input: 'type' },
          requester_id: { $input: 'requester_id' },
          tags: { $input: 'tags' },
        },
      },
    },
  },
  provenance: { docsUrl: 'https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket' },
  sourceFile: __filename,
});
