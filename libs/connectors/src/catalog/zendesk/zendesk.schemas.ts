import type { JsonSchema } from '../../definition/action';

export const TICKETS_DOC = 'https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/';

export const ticketIdParam: JsonSchema = { type: 'integer', minimum: 1, description: 'The ticket id (the number agents see as #123).', examples: [123] };

export const ticketStatus: JsonSchema = {
  enum: ['new', 'open', 'pending', 'hold', 'solved', 'closed'],
  description: 'Ticket status; `closed` tickets can no longer be updated.',
  examples: ['open'],
};

export const ticketPriority: JsonSchema = { enum: ['urgent', 'high', 'normal', 'low'], description: 'Ticket priority.', examples: ['high'] };

export const ticket: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    url: { type: 'string' },
    subject: { type: ['string', 'null'] },
    description: { type: ['string', 'null'] },
    status: { type: 'string' },
    priority: { type: ['string', 'null'] },
    type: { type: ['string', 'null'] },
    requester_id: { type: ['integer', 'null'] },
    assignee_id: { type: ['integer', 'null'] },
    tags: { type: 'array', items: { type: 'string' } },
    created_at: { type: 'string' },
    updated_at: { type: 'string' },
  },
  required: ['id', 'status'],
};

export const comment: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    type: { type: 'string' },
    body: { type: 'string' },
    public: { type: 'boolean' },
    author_id: { type: 'integer' },
    created_at: { type: 'string' },
  },
  required: ['id', 'body', 'public'],
};

export const pageSizeParam: JsonSchema = {
  type: 'integer',
  minimum: 1,
  maximum: 100,
  default: 100,
  description: 'Items per page (cursor paging; at most 100).',
  examples: [25],
};

export const cursorParam: JsonSchema = {
  type: 'string',
  description: 'Opaque nextCursor from the previous page of this action. Omit for the first page.',
  examples: ['eyJhIjoiemVuZGVzay5saXN0X3RpY2tldHMifQ'],
};

export const RECORD_NOT_FOUND = 'The ticket does not exist in this account, or was deleted; list tickets to find the right id.';
