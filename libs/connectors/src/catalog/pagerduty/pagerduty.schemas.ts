import type { JsonSchema } from '../../definition/action';

/** PagerDuty's own OpenAPI description of the REST API; operation ids in provenance name its operations. */
export const PAGERDUTY_OPENAPI = 'https://github.com/PagerDuty/api-schema/blob/main/reference/REST/openapiv3.json';

export const pdIdParam = (what: string, example: string): JsonSchema => ({
  type: 'string',
  pattern: '^[A-Z0-9]{7,14}$',
  description: `The ${what} id (e.g. ${example}).`,
  examples: [example],
});

export const fromParam: JsonSchema = {
  type: 'string',
  format: 'email',
  description: 'Email of a PagerDuty user the change is made as (the From header). Required with a REST API key; ignored with an OAuth user token.',
  examples: ['oncall@example.com'],
};

const reference: JsonSchema = { type: 'object', properties: { id: { type: 'string' }, type: { type: 'string' }, summary: { type: 'string' } } };

export const incident: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    type: { const: 'incident' },
    incident_number: { type: 'integer' },
    title: { type: 'string' },
    status: { enum: ['triggered', 'acknowledged', 'resolved'] },
    urgency: { enum: ['high', 'low'] },
    incident_key: { type: ['string', 'null'] },
    service: reference,
    html_url: { type: 'string' },
    created_at: { type: 'string' },
  },
  required: ['id', 'status'],
};

export const service: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    type: { const: 'service' },
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    status: { type: 'string' },
    html_url: { type: 'string' },
  },
  required: ['id', 'name'],
};

export const limitParam: JsonSchema = { type: 'integer', minimum: 1, maximum: 100, description: 'Results per page (default 25, at most 100).', examples: [25] };

export const cursorParam: JsonSchema = {
  type: 'string',
  description: 'Opaque nextCursor from the previous page of this action. Omit for the first page.',
  examples: ['eyJhIjoicGFnZXJkdXR5Lmxpc3RfaW5jaWRlbnRzIn0'],
};

export const NOT_FOUND = 'No such incident or service in this account (PagerDuty error 2100); list them to find the id.';
export const RATE_LIMITED = "The key's per-minute budget is used up; wait until the window resets (retryAfterMs).";
export const FORBIDDEN = 'The key is read-only or the OAuth token lacks the write scope.';
