import { defineAction } from '../../../definition/define';
import { FORBIDDEN, fromParam, NOT_FOUND, pdIdParam, RATE_LIMITED, PAGERDUTY_OPENAPI } from '../pagerduty.schemas';

export const addIncidentNote = defineAction({
  id: 'pagerduty.add_incident_note',
  version: '1.0.0',
  title: 'Add a note to a PagerDuty incident',
  description: 'Adds a timeline note to an incident (POST /incidents/{id}/notes), visible to every responder.',
  usage: 'Use to record findings, actions taken or why an incident was resolved.',
  errorGuide: {
    upstream_not_found: NOT_FOUND,
    upstream_forbidden: FORBIDDEN,
    upstream_rate_limited: RATE_LIMITED,
    upstream_invalid_request: 'The note is empty or the From email is not a user (error 2001).',
  },
  sideEffect: 'write',
  hints: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  scopes: ['incidents.write'],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['incident_id', 'content'],
    properties: {
      incident_id: pdIdParam('incident', 'PT4KHLK'),
      content: {
        type: 'string',
        minLength: 1,
        maxLength: 25000,
        description: 'The note text.',
        examples: ['Rolled back deploy 4812; error rate back to normal.'],
      },
      from: fromParam,
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      note: {
        type: 'object',
        properties: { id: { type: 'string' }, content: { type: 'string' }, created_at: { type: 'string' } },
        required: ['id', 'content'],
      },
    },
    required: ['note'],
  },
  http: {
    method: 'POST',
    path: '/incidents/{incident_id}/notes',
    headers: { From: { $input: 'from' } },
    body: { encoding: 'json', value: { note: { content: { $input: 'content' } } } },
  },
  provenance: { docsUrl: PAGERDUTY_OPENAPI, operationId: 'createIncidentNote' },
  sourceFile: __filename,
});
