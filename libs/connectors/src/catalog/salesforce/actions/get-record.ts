import { defineAction } from '../../../definition/define';
import { record, recordIdParam, sobjectParam } from '../salesforce.schemas';

export const getRecord = defineAction({
  id: 'salesforce.get_record',
  version: '1.0.0',
  title: 'Get a Salesforce record',
  description: 'Returns one record by object type and ID (GET /sobjects/{sobject}/{id}), with all readable fields or the ones listed.',
  usage: 'Use when you have a record ID. Listing fields keeps the answer small.',
  errorGuide: {
    upstream_not_found: 'No record with this ID (or it was deleted).',
    upstream_invalid_request: 'A listed field does not exist on the object (INVALID_FIELD).',
    needs_reauth: 'The session expired: refresh the token and retry once.',
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['api'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['sobject', 'recordId'],
    properties: {
      sobject: sobjectParam,
      recordId: recordIdParam,
      fields: {
        type: 'array',
        minItems: 1,
        items: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_.]*$' },
        description: 'Field API names to return; all readable fields when omitted.',
        examples: [['Name', 'Industry', 'OwnerId']],
      },
    },
  },
  outputSchema: record,
  http: { method: 'GET', path: '/sobjects/{sobject}/{recordId}', query: { fields: { $input: 'fields' } } },
  provenance: { docsUrl: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/dome_get_field_values.htm' },
  sourceFile: __filename,
});
