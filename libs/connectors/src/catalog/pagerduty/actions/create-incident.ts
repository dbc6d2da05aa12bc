import { defineAction } from '../../../definition/define';
import { FORBIDDEN, fromParam, incident, pdIdParam, RATE_LIMITED, PAGERDUTY_OPENAPI } from '../pagerduty.schemas';

export const createIncident = defineAction({
  id: 'pagerduty.create_incident',
  version: '1.0.0',
  title: 'Trigger a PagerDuty incident',
  description:
    "Opens an incident on a service (POST /incidents). This pages whoever is on call for the service's escalation policy, possibly waking someone up.",
  usage:
    'Only for a real, urgent problem that needs a human now. Find the service id with pagerduty.list_services. Pass incident_key to avoid paging twice for the same problem: a second open incident with the same key is refused.',
  errorGuide: {
    upstream_invalid_request:
      'Input refused (error 2001): e.g. the From email is not a user of the account, the service id is wrong, or an open incident already has this incident_key; the message says which.',
    upstream_forbidden: FORBIDDEN,
    upstream_rate_limited: RATE_LIMITED,
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['incidents.write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['service_id', 'title'],
    properties: {
      service_id: pdIdParam('service', 'PWIXJZS'),
      title: {
        type: 'string',
        minLength: 1,
        maxLength: 1024,
        description: 'What is wrong, in a line the responder reads on their phone.',
        examples: ['Checkout API returns 500 for all EU customers'],
      },
      details: {
        type: 'string',
        description: 'Longer description: symptoms, impact, what was tried.',
        examples: ['Error rate 100% since 02:10 UTC after deploy 4812.'],
      },
      urgency: { enum: ['high', 'low'], description: "high pages immediately; low follows the service's low-urgency rules.", examples: ['high'] },
      incident_key: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        description: 'Deduplication key: another open incident with this key on the service is refused.',
        examples: ['checkout-500-eu'],
      },
      from: fromParam,
    },
  },
  outputSchema: { type: 'object', properties: { incident }, required: ['incident'] },
  http: {
    method: 'POST',
    path: '/incidents',
    headers: { From: { $input: 'from' } },
    body: {
      encoding: 'json',
      value: {
        incident: {
          type: 'incident',
          title: { $input: 'title' },
          service: { id: { $input: 'service_id' }, type: 'service_reference' },
          urgency: { $input: 'urgency' },
          incident_key: { $input: 'incident_key' },
          body: { type: 'incident_body', details: { $input: 'details' } },
        },
      },
    },
  },
  provenance: { docsUrl: PAGERDUTY_OPENAPI, operationId: 'createIncident' },
  sourceFile: __filename,
});
