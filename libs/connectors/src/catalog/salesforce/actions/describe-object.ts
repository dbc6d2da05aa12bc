import { defineAction } from '../../../definition/define';
import { sobjectParam } from '../salesforce.schemas';

export const describeObject = defineAction({
  id: 'salesforce.describe_object',
  version: '1.0.0',
  title: 'Describe a Salesforce object',
  description:
    "Returns an object type's metadata: its fields with types, labels, and whether they can be created or updated (GET /sobjects/{sobject}/describe).",
  usage: 'Use before writing SOQL or creating records on an object whose fields you do not know.',
  errorGuide: {
    upstream_not_found: 'No object type with this API name (custom objects end in __c).',
    needs_reauth: 'The session expired: refresh the token and retry once.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['api'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['sobject'],
    properties: { sobject: sobjectParam },
  },
  outputSchema: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      label: { type: 'string' },
      keyPrefix: { type: ['string', 'null'] },
      createable: { type: 'boolean' },
      updateable: { type: 'boolean' },
      fields: {
        type: 'array',
        items: {
          type: 'object',
          properties: { name: { type: 'string' }, type: { type: 'string' }, label: { type: 'string' } },
          required: ['name', 'type'],
        },
      },
    },
    required: ['name', 'fields'],
  },
  http: { method: 'GET', path: '/sobjects/{sobject}/describe' },
  provenance: { docsUrl: 'https://developer.salesforce.com/docs/platform/api-rest/guide/dome-sobject-describe.md' },
  sourceFile: __filename,
});
