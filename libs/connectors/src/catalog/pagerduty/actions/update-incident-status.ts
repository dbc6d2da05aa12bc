import { defineAction } from '../../../definition/define';
import { FORBIDDEN, fromParam, incident, NOT_FOUND, pdIdParam, RATE_LIMITED, PAGERDUTY_OPENAPI } from '../pagerduty.schemas';

export const updateIncidentStatus = defineAction({
  id: 'pagerduty.update_incident_status',
  version: '1.0.0',
  title: 'Acknowledge or resolve a PagerDuty incident',
  description:
    "Sets an incident's status (PUT /incidents/{id}): acknowledged stops the escalation for now, resolved closes it. Setting triggered or acknowledged on a resolved incident reopens it.",
  usage: 'Acknowledge when someone is working on it; resolve only when the problem is gone. Add a note with pagerduty.add_incident_note saying why.',
  errorGuide: {
    upstream_not_found: NOT_FOUND,
    upstream_invalid_request: 'Input refused (error 2001), e.g. the From email is not a user of the account.',
    upstream_forbidden: FORBIDDEN,
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  scopes: ['incidents.write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['incident_id', 'status'],
    properties: {
      incident_id: pdIdParam('incident', 'PT4KHLK'),
      status: { enum: ['acknowledged', 'resolved', 'triggered'], description: 'The new status.', examples: ['acknowledged'] },
      from: fromParam,
    },
  },
  outputSchema: { type: 'object', properties: { incident }, required: ['incident'] },
  http: {
    method: 'PUT',
    path: '/incidents/{incident_id}',
    headers: { From: { $input: 'from' } },
    body: { encoding: 'json', value: { incident: { type: 'incident_reference', status: { $input: 'status' } } } },
  },
  provenance: { docsUrl: PAGERDUTY_OPENAPI, operationId: 'updateIncident' },
  sourceFile: __filename,
});
