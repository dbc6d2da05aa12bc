import type { JsonSchema } from '../../definition/action';

export const projectParam: JsonSchema = {
  type: 'string',
  minLength: 1,
  description: 'The project: its numeric id or its full path (`group/subgroup/project`).',
  examples: ['causeway/api', '278964'],
};

export const issueIidParam: JsonSchema = {
  type: 'integer',
  minimum: 1,
  description: 'The issue number inside the project (the `#12` people see: iid, not the global id).',
  examples: [12],
};

const user: JsonSchema = { type: 'object', properties: { id: { type: 'integer' }, username: { type: 'string' }, name: { type: 'string' } } };

export const issue: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    iid: { type: 'integer' },
    project_id: { type: 'integer' },
    title: { type: 'string' },
    description: { type: ['string', 'null'] },
    state: { enum: ['opened', 'closed'] },
    labels: { type: 'array', items: { type: 'string' } },
    author: user,
    web_url: { type: 'string' },
    created_at: { type: 'string' },
    updated_at: { type: 'string' },
  },
  required: ['iid', 'title', 'state'],
};

export const mergeRequest: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    iid: { type: 'integer' },
    title: { type: 'string' },
    state: { enum: ['opened', 'closed', 'locked', 'merged'] },
    source_branch: { type: 'string' },
    target_branch: { type: 'string' },
    web_url: { type: 'string' },
  },
  required: ['iid', 'title', 'state'],
};

export const perPageParam: JsonSchema = { type: 'integer', minimum: 1, maximum: 100, description: 'Items per page (default 20, at most 100).', examples: [50] };

export const cursorParam: JsonSchema = {
  type: 'string',
  description: 'Opaque nextCursor from the previous page of this action. Omit for the first page.',
  examples: ['eyJhIjoiZ2l0bGFiLmxpc3RfaXNzdWVzIn0'],
};

export const PROJECT_NOT_FOUND = 'No such project (or issue), or the token cannot see it: GitLab answers 404 for private projects too.';
export const RATE_LIMITED = 'Too many requests for this user; wait retryAfterMs (Retry-After / RateLimit-Reset).';
export const REAUTH = 'The token is invalid, expired (OAuth tokens live two hours) or revoked; refresh once, otherwise reconnect.';
