import { defineAction } from '../../../definition/define';
import { record } from '../salesforce.schemas';

export const query = defineAction({
  id: 'salesforce.query',
  version: '1.0.0',
  title: 'Run a SOQL query',
  description: 'Runs a SOQL query (GET /query?q=…) and returns one batch of records plus totalSize, the row count of the whole query.',
  usage:
    "Use to find or list records, e.g. `SELECT Id, Name FROM Account WHERE Industry = 'Energy' LIMIT 50`. Always name the fields and add a LIMIT. For more rows pass nextCursor back as `cursor`.",
  errorGuide: {
    upstream_invalid_request: 'MALFORMED_QUERY or INVALID_FIELD: the message points at the bad token; fix the SOQL.',
    upstream_rate_limited: 'The org used its daily API allocation (REQUEST_LIMIT_EXCEEDED); stop and try much later.',
    needs_reauth: 'The session expired (INVALID_SESSION_ID): refresh the token and retry once.',
    invalid_input: 'The cursor did not come from this action.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['api'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['soql'],
    properties: {
      soql: {
        type: 'string',
        minLength: 10,
        maxLength: 100000,
        description: 'The SOQL statement.',
        examples: ["SELECT Id, Name, Industry FROM Account WHERE Industry = 'Energy' ORDER BY Name LIMIT 50"],
      },
      cursor: {
        type: 'string',
        description: 'Opaque nextCursor from the previous batch of this query. Omit for the first batch.',
        examples: ['eyJhIjoic2FsZXNmb3JjZS5xdWVyeSJ9'],
      },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      totalSize: { type: 'integer' },
      done: { type: 'boolean' },
      records: { type: 'array', items: record },
    },
    required: ['totalSize', 'done', 'records'],
  },
  http: { method: 'GET', path: '/query', query: { q: { $input: 'soql' } } },
  pagination: { style: 'next_url', cursorInput: 'cursor', nextUrlPath: 'nextRecordsUrl', donePath: 'done' },
  provenance: { docsUrl: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm' },
  sourceFile: __filename,
});
