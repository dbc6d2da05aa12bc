import { defineAction } from '../../../definition/define';
import { incident, NOT_FOUND, pdIdParam, RATE_LIMITED, PAGERDUTY_OPENAPI } from '../pagerduty.schemas';

export const getIncident = defineAction({
  id: 'pagerduty.get_incident',
  version: '1.0.0',
  title: 'Get a PagerDuty incident',
  description: 'Reads one incident by id (GET /incidents/{id}): title, status, urgency, service and assignments.',
  usage: "Use to check an incident's current status before acknowledging or resolving it.",
  errorGuide: { upstream_not_found: NOT_FOUND, upstream_rate_limited: RATE_LIMITED },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: ['incidents.read'],
  inputSchema: { type: 'object', additionalProperties: false, required: ['incident_id'], properties: { incident_id: pdIdParam('incident', 'PT4KHLK') } },
  outputSchema: { type: 'object', properties: { incident }, required: ['incident'] },
  http: { method: 'GET', path: '/incidents/{incident_id}' },
  provenance: { docsUrl: PAGERDUTY_OPENAPI, operationId: 'getIncident' },
  sourceFile: __filename,
});
