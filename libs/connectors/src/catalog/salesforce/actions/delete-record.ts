import { defineAction } from '../../../definition/define';
import { recordIdParam, sobjectParam } from '../salesforce.schemas';

export const deleteRecord = defineAction({
  id: 'salesforce.delete_record',
  version: '1.0.0',
  title: 'Delete a Salesforce record',
  description: 'Deletes a record (DELETE /sobjects/{sobject}/{id}). It goes to the recycle bin and is purged later; related records may be deleted with it.',
  usage: 'Only when the user explicitly asks to delete. Treat as irreversible: cascading deletes cannot be undone through this API.',
  errorGuide: {
    upstream_not_found: 'No such record, or it is already deleted (ENTITY_IS_DELETED).',
    upstream_forbidden: 'The user may not delete this record.',
    upstream_conflict: 'Other records depend on it (DELETE_FAILED) or it is locked.',
  },
  sideEffect: 'destructive',
  costUnits: 5,
  hints: { readOnly: false, destructive: true, idempotent: true, openWorld: true },
  scopes: ['api'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['sobject', 'recordId'],
    properties: { sobject: sobjectParam, recordId: recordIdParam },
  },
  outputSchema: {
    type: 'object',
    properties: { id: { type: 'string' }, deleted: { const: true } },
    required: ['id', 'deleted'],
  },
  http: {
    method: 'DELETE',
    path: '/sobjects/{sobject}/{recordId}',
    response: { onNoContent: { id: { $input: 'recordId' }, deleted: true } },
  },
  provenance: { docsUrl: 'https://developer.salesforce.com/docs/platform/api-rest/guide/dome-delete-record.md' },
  sourceFile: __filename,
});
