import type { JsonSchema } from '../../definition/action';
import type { Pagination } from '../../definition/pagination';

export const gidParam = (what: string, example: string): JsonSchema => ({
  type: 'string',
  pattern: '^[0-9]+$',
  description: `The ${what} gid (a numeric string).`,
  examples: [example],
});

export const optFieldsParam: JsonSchema = {
  type: 'array',
  items: { type: 'string', minLength: 1 },
  description: 'Extra fields to return (Asana returns compact records otherwise), e.g. name, completed, due_on, assignee.name, notes.',
  examples: [['name', 'completed', 'due_on', 'assignee.name']],
};

export const limitParam: JsonSchema = {
  type: 'integer',
  minimum: 1,
  maximum: 100,
  description: 'Results per page (1-100); without it Asana may refuse large results.',
  examples: [50],
};

export const cursorParam: JsonSchema = {
  type: 'string',
  description: 'Opaque nextCursor from the previous page of this action. Omit for the first page.',
  examples: ['eyJhIjoiYXNhbmEubGlzdF90YXNrcyJ9'],
};

/** Asana: `offset` in, `next_page.offset` out, `next_page` null on the last page. */
export const ASANA_PAGING: Pagination = {
  style: 'page_token',
  cursorInput: 'cursor',
  request: { name: 'offset', in: 'query' },
  nextTokenPath: 'next_page.offset',
};

export const task: JsonSchema = {
  type: 'object',
  properties: {
    gid: { type: 'string' },
    resource_type: { const: 'task' },
    name: { type: 'string' },
    notes: { type: 'string' },
    completed: { type: 'boolean' },
    due_on: { type: ['string', 'null'] },
    assignee: { type: ['object', 'null'] },
    permalink_url: { type: 'string' },
  },
  required: ['gid'],
};

export const compactList: JsonSchema = {
  type: 'object',
  properties: {
    data: {
      type: 'array',
      items: { type: 'object', properties: { gid: { type: 'string' }, name: { type: 'string' }, resource_type: { type: 'string' } }, required: ['gid'] },
    },
    next_page: { type: ['object', 'null'] },
  },
  required: ['data'],
};

export const NOT_FOUND = "No such task or project, or the token's user cannot see it; list projects and tasks to find the gid.";
export const RATE_LIMITED = 'Too many requests for this token this minute; wait retryAfterMs (Retry-After).';
export const REAUTH = 'The token is invalid or expired (OAuth tokens last an hour); refresh once, otherwise reconnect.';
