import type { JsonSchema } from '../../definition/action';
import type { Pagination } from '../../definition/pagination';
import type { ValueTemplate } from '../../definition/value-template';

export const LINEAR_DOCS = {
  graphql: 'https://linear.app/developers/graphql',
  pagination: 'https://linear.app/developers/pagination',
  filtering: 'https://linear.app/developers/filtering',
  rateLimiting: 'https://linear.app/developers/rate-limiting',
  /** Linear's published schema (the docs link it as the API reference). */
  schema: 'https://studio.apollographql.com/public/Linear-API/variant/current/schema/reference',
} as const;

/**
 * One GraphQL operation as a request body: the query text is a literal (agents never write
 * GraphQL), the variables are filled from the input and absent ones are left out.
 */
export function graphqlBody(query: string, variables: Record<string, ValueTemplate>): { encoding: 'json'; value: ValueTemplate } {
  return { encoding: 'json', value: { query: query.replace(/\s+/g, ' ').trim(), variables } };
}

/** A Relay connection under `data.<field>`: `variables.after` in, `pageInfo` out. */
export function relayPaging(field: string): Pagination {
  return {
    style: 'cursor',
    cursorInput: 'cursor',
    request: { name: 'variables.after', in: 'body' },
    nextCursorPath: `data.${field}.pageInfo.endCursor`,
    hasMorePath: `data.${field}.pageInfo.hasNextPage`,
  };
}

export const ISSUE_FIELDS =
  'id identifier title description priority url createdAt updatedAt state { id name type } assignee { id name email } team { id key name }';

export const uuidParam = (what: string, example: string): JsonSchema => ({
  type: 'string',
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  description: `The ${what} id (a UUID).`,
  examples: [example],
});

export const issueRefParam: JsonSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  description: 'The issue: its UUID or its identifier as people write it (team key and number, e.g. ENG-123).',
  examples: ['ENG-123'],
};

export const firstParam: JsonSchema = {
  type: 'integer',
  minimum: 1,
  maximum: 100,
  default: 50,
  description: 'Nodes per page (Linear returns 50 by default).',
  examples: [25],
};

export const cursorParam: JsonSchema = {
  type: 'string',
  description: 'Opaque nextCursor from the previous page of this action. Omit for the first page.',
  examples: ['eyJhIjoibGluZWFyLmxpc3RfaXNzdWVzIn0'],
};

export const priorityParam: JsonSchema = {
  type: 'integer',
  minimum: 0,
  maximum: 4,
  description: 'Priority: 0 none, 1 urgent, 2 high, 3 medium, 4 low.',
  examples: [2],
};

const pageInfo: JsonSchema = {
  type: 'object',
  properties: { hasNextPage: { type: 'boolean' }, endCursor: { type: ['string', 'null'] } },
  required: ['hasNextPage'],
};

export const connectionOf = (node: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: { nodes: { type: 'array', items: node }, pageInfo },
  required: ['nodes', 'pageInfo'],
});

const named: JsonSchema = { type: ['object', 'null'], properties: { id: { type: 'string' }, name: { type: 'string' } } };

export const issue: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    identifier: { type: 'string' },
    title: { type: 'string' },
    description: { type: ['string', 'null'] },
    priority: { type: 'number' },
    url: { type: 'string' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    state: named,
    assignee: named,
    team: named,
  },
  required: ['id', 'identifier', 'title'],
};

export const team: JsonSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, key: { type: 'string' }, name: { type: 'string' } },
  required: ['id', 'key', 'name'],
};

export const workflowState: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    type: { enum: ['triage', 'backlog', 'unstarted', 'started', 'completed', 'canceled'] },
    position: { type: 'number' },
  },
  required: ['id', 'name', 'type'],
};

/** `IssuePayload`: `success` and the issue as it is now. */
export const issuePayload: JsonSchema = { type: 'object', properties: { success: { const: true }, issue }, required: ['success', 'issue'] };

export const NOT_FOUND =
  'No such issue, team, state or user, or the credential\'s user cannot see it (Linear says "Entity not found"); look the id up with linear.list_issues, linear.list_teams or linear.list_workflow_states.';
export const INVALID =
  'Linear refused the input (an id of the wrong kind, a state of another team, a value out of range); the message names it. Fix the input; retrying unchanged fails again.';
export const FORBIDDEN =
  'The user or OAuth app may not do this (a missing scope such as write, or a team it is not a member of). Ask a workspace admin; do not retry.';
export const RATE_LIMITED =
  'Linear refused the request with RATELIMITED (requests or query complexity per hour); wait retryAfterMs (until X-RateLimit-Requests-Reset) before the next call.';
export const REAUTH = 'The API key was revoked or the OAuth token expired (AUTHENTICATION_ERROR); refresh once, otherwise the connection must be made again.';
