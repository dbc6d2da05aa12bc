import { defineAction } from '../../../definition/define';
import { recordFieldsParam, saveResult, sobjectParam } from '../salesforce.schemas';

export const createRecord = defineAction({
  id: 'salesforce.create_record',
  version: '1.0.0',
  title: 'Create a Salesforce record',
  description: 'Creates a record (POST /sobjects/{sobject}/) and returns its new ID.',
  usage: 'Use to add an Account, Contact, Opportunity, etc. Check with salesforce.query first when a duplicate is possible.',
  errorGuide: {
    upstream_invalid_request: 'REQUIRED_FIELD_MISSING, INVALID_FIELD or a validation rule; the field is named in `field`.',
    upstream_conflict: 'A duplicate rule blocked the record (DUPLICATE_VALUE).',
    upstream_forbidden: 'The user may not create this object.',
    needs_reauth: 'The session expired: refresh the token and retry once.',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['api'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['sobject', 'fields'],
    properties: {
      sobject: sobjectParam,
      fields: recordFieldsParam('of the new record (never Id)'),
    },
  },
  outputSchema: saveResult,
  http: { method: 'POST', path: '/sobjects/{sobject}/', body: { encoding: 'json', value: { $input: 'fields' } } },
  provenance: { docsUrl: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/dome_sobject_create.htm' },
  sourceFile: __filename,
});
