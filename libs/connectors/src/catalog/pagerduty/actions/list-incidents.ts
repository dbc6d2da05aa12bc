import { defineAction } from '../../../definition/define';
import { cursorParam, incident, limitParam, pdIdParam, RATE_LIMITED, PAGERDUTY_OPENAPI } from '../pagerduty.schemas';

export const listIncidents = defineAction({
  id: 'pagerduty.list_incidents',
  version: '1.0.0',
  title: 'List PagerDuty incidents',
  description: 'Lists incidents (GET /incidents), newest first, filtered by status, urgency or service, one offset page at a time.',
  usage: 'Use to see what is on fire now (status triggered or acknowledged) or find an incident id. Follow nextCursor for more pages.',
  errorGuide: {
    upstream_rate_limited: RATE_LIMITED,
    needs_reauth: 'The API key or token is invalid or revoked; reconnect.',
    upstream_invalid_request: 'A filter value is not allowed (error 2001).',
    invalid_input: 'The cursor did not come from this action.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['incidents.read'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      status: { enum: ['triggered', 'acknowledged', 'resolved'], description: 'Only incidents in this status.', examples: ['triggered'] },
      urgency: { enum: ['high', 'low'], description: 'Only incidents of this urgency.', examples: ['high'] },
      service_id: pdIdParam('service', 'PWIXJZS'),
      limit: limitParam,
      cursor: cursorParam,
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      incidents: { type: 'array', items: incident },
      offset: { type: 'integer' },
      limit: { type: 'integer' },
      more: { type: 'boolean' },
      total: { type: ['integer', 'null'] },
    },
    required: ['incidents'],
  },
  http: {
    method: 'GET',
    path: '/incidents',
    // `total=true` makes PagerDuty fill in `total`, which offset paging needs to know when to stop.
    query: {
      'statuses[]': { $input: 'status' },
      'urgencies[]': { $input: 'urgency' },
      'service_ids[]': { $input: 'service_id' },
      limit: { $input: 'limit' },
      total: true,
      sort_by: 'created_at:desc',
    },
  },
  pagination: {
    style: 'offset',
    cursorInput: 'cursor',
    request: { offsetParam: 'offset', in: 'query' },
    itemsPath: 'incidents',
    totalPath: 'total',
    offsetPath: 'offset',
  },
  provenance: { docsUrl: PAGERDUTY_OPENAPI, operationId: 'listIncidents' },
  sourceFile: __filename,
});
