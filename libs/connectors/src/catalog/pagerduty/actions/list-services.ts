import { defineAction } from '../../../definition/define';
import { cursorParam, limitParam, RATE_LIMITED, service, PAGERDUTY_OPENAPI } from '../pagerduty.schemas';

export const listServices = defineAction({
  id: 'pagerduty.list_services',
  version: '1.0.0',
  title: 'List PagerDuty services',
  description: "Lists the account's services (GET /services), optionally those whose name matches a query, one offset page at a time.",
  usage: 'Use to find the service id an incident should be opened on, or to see what is monitored.',
  errorGuide: {
    upstream_rate_limited: RATE_LIMITED,
    needs_reauth: 'The API key or token is invalid or revoked; reconnect.',
    invalid_input: 'The cursor did not come from this action.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['services.read'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      query: { type: 'string', minLength: 1, description: 'Only services whose name contains this text.', examples: ['checkout'] },
      limit: limitParam,
      cursor: cursorParam,
    },
  },
  outputSchema: {
    type: 'object',
    properties: { services: { type: 'array', items: service }, more: { type: 'boolean' }, total: { type: ['integer', 'null'] } },
    required: ['services'],
  },
  http: { method: 'GET', path: '/services', query: { query: { $input: 'query' }, limit: { $input: 'limit' }, total: true } },
  pagination: {
    style: 'offset',
    cursorInput: 'cursor',
    request: { offsetParam: 'offset', in: 'query' },
    itemsPath: 'services',
    totalPath: 'total',
    offsetPath: 'offset',
  },
  provenance: { docsUrl: PAGERDUTY_OPENAPI, operationId: 'listServices' },
  sourceFile: __filename,
});
