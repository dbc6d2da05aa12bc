import { defineProvider } from '../../definition/define';
import { addIncidentNote } from './actions/add-incident-note';
import { createIncident } from './actions/create-incident';
import { deleteService } from './actions/delete-service';
import { getIncident } from './actions/get-incident';
import { listIncidents } from './actions/list-incidents';
import { listServices } from './actions/list-services';
import { updateIncidentStatus } from './actions/update-incident-status';
import { BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

const RATE_LIMITS_DOC = 'https://support.pagerduty.com/docs/rest-api-rate-limits';

/** PagerDuty REST API v2 (US service region; EU accounts use api.eu.pagerduty.com). */
export const pagerduty = defineProvider({
  id: 'pagerduty',
  name: 'PagerDuty',
  description: 'PagerDuty REST API: incidents, services, schedules, on-calls, users and escalation policies.',
  docsUrl: 'https://developer.pagerduty.com/api-reference/',
  servers: {
    default: {
      url: 'https://api.pagerduty.com',
      description: 'REST API, US service region.',
      source: 'https://developer.pagerduty.com/docs/rest-api-overview',
    },
  },
  connectionParams: {},
  hosts: ['api.pagerduty.com', 'api.eu.pagerduty.com', 'identity.pagerduty.com'],
  // The REST API wants its versioned media type.
  defaultHeaders: { Accept: 'application/vnd.pagerduty+json;version=2' },
  pagination: {
    style: 'offset',
    notes: '`limit` (up to 100) and `offset` in; `more` (and `total` when `total=true`) out. A few endpoints page with cursors.',
    source: 'https://developer.pagerduty.com/docs/pagination',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'PagerDuty scoped OAuth app (user token)',
      docsUrl: 'https://developer.pagerduty.com/docs/user-oauth-token-via-code-grant',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://identity.pagerduty.com/oauth/authorize',
      tokenUrl: 'https://identity.pagerduty.com/oauth/token',
      pkce: 'supported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'body' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'optional',
      notes: 'Scopes are per resource: incidents.read, incidents.write, services.read …',
    },
    {
      id: 'api_key',
      type: 'api_key',
      label: 'PagerDuty REST API key (account or user)',
      docsUrl: 'https://developer.pagerduty.com/docs/authentication',
      // Not a Bearer scheme: PagerDuty wants `Token token=<key>`.
      inject: { in: 'header', name: 'Authorization', template: 'Token token={secret}' },
      notes: "Write requests made with a user API key may also need a `From` header naming a user's email.",
    },
  ],
  rateLimitSignals: {
    source: RATE_LIMITS_DOC,
    reset: { header: 'ratelimit-reset', format: 'seconds_until' },
    remainingHeader: 'ratelimit-remaining',
    limitHeader: 'ratelimit-limit',
    partitioning: "Per account API key, per user (across all of the user's keys), per app per account for app tokens, per app per user for user tokens.",
  },
  declaredLimits: [{ per: 'connection', requests: 960, windowSeconds: 60, appliesTo: 'each API key, user, or app per account', source: RATE_LIMITS_DOC }],
  errors: {
    source: 'https://developer.pagerduty.com/docs/errors',
    // `{ error: { message, code, errors: ["…"] } }`.
    envelope: { codePaths: ['error.code'], messagePaths: ['error.errors.0', 'error.message'], fieldPaths: [] },
    rules: [],
  },
  actions: [listIncidents, getIncident, createIncident, updateIncidentStatus, addIncidentNote, listServices, deleteService],
  sourceFile: __filename,
});
