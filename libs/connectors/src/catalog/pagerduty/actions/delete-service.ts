import { defineAction } from '../../../definition/define';
import { FORBIDDEN, NOT_FOUND, pdIdParam, RATE_LIMITED, PAGERDUTY_OPENAPI } from '../pagerduty.schemas';

export const deleteService = defineAction({
  id: 'pagerduty.delete_service',
  version: '1.0.0',
  title: 'Delete a PagerDuty service',
  description:
    'Deletes a service (DELETE /services/{id}). It disappears from the web UI and no new incidents can be opened on it; monitoring that sends events to it stops paging anyone.',
  usage:
    'Only when explicitly asked to decommission a service. It cannot be undone through the API; check with pagerduty.list_services that the id is the right one.',
  errorGuide: { upstream_not_found: NOT_FOUND, upstream_forbidden: FORBIDDEN, upstream_rate_limited: RATE_LIMITED },
  sideEffect: 'destructive',
  hints: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
  scopes: ['services.write'],
  inputSchema: { type: 'object', additionalProperties: false, required: ['service_id'], properties: { service_id: pdIdParam('service', 'PWIXJZS') } },
  outputSchema: { type: 'object', properties: { deleted: { type: 'boolean' }, service_id: { type: 'string' } }, required: ['deleted'] },
  http: { method: 'DELETE', path: '/services/{service_id}', response: { onNoContent: { deleted: true, service_id: { $input: 'service_id' } } } },
  provenance: { docsUrl: PAGERDUTY_OPENAPI, operationId: 'deleteService' },
  sourceFile: __filename,
});
