import { defineAction } from '../../../definition/define';
import { recordFieldsParam, recordIdParam, sobjectParam } from '../salesforce.schemas';

export const updateRecord = defineAction({
  id: 'salesforce.update_record',
  version: '1.0.0',
  title: 'Update a Salesforce record',
  description: 'Changes the given fields of a record (PATCH /sobjects/{sobject}/{id}); fields not listed keep their values.',
  usage: 'Use to change a few fields. Setting a field to null clears it.',
  errorGuide: {
    upstream_not_found: 'No record with this ID.',
    upstream_invalid_request: 'A field is unknown, read-only or fails validation; see `field`.',
    upstream_conflict: 'The record is locked by another operation; retry later.',
    needs_reauth: 'The session expired: refresh the token and retry once.',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  scopes: ['api'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['sobject', 'recordId', 'fields'],
    properties: {
      sobject: sobjectParam,
      recordId: recordIdParam,
      fields: recordFieldsParam('to change'),
    },
  },
  outputSchema: {
    type: 'object',
    properties: { id: { type: 'string' }, success: { const: true } },
    required: ['id', 'success'],
  },
  http: {
    method: 'PATCH',
    path: '/sobjects/{sobject}/{recordId}',
    body: { encoding: 'json', value: { $input: 'fields' } },
    // Salesforce answers 204 with no body.
    response: { onNoContent: { id: { $input: 'recordId' }, success: true } },
  },
  provenance: { docsUrl: 'https://developer.salesforce.com/docs/platform/api-rest/guide/dome-update-fields.md' },
  sourceFile: __filename,
});
