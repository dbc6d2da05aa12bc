import { defineProvider } from '../../definition/define';
import { archiveContact } from './actions/archive-contact';
import { createContact } from './actions/create-contact';
import { getContact } from './actions/get-contact';
import { listContacts } from './actions/list-contacts';
import { searchContacts } from './actions/search-contacts';
import { updateContact } from './actions/update-contact';
import { BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

const USAGE_DOC = 'https://developers.hubspot.com/docs/api/usage-details';

/** HubSpot APIs (CRM objects, associations, engagements) on api.hubapi.com. */
export const hubspot = defineProvider({
  id: 'hubspot',
  name: 'HubSpot',
  description: 'HubSpot CRM APIs: contacts, companies, deals, tickets, associations, engagements and search.',
  docsUrl: 'https://developers.hubspot.com/docs/api/overview',
  servers: { default: { url: 'https://api.hubapi.com', description: 'Every HubSpot API.', source: 'https://developers.hubspot.com/docs/api/overview' } },
  connectionParams: {},
  hosts: ['api.hubapi.com', 'app.hubspot.com'],
  pagination: {
    style: 'cursor',
    notes: '`limit` and `after` in; `paging.next.after` out, absent on the last page.',
    source: 'https://developers.hubspot.com/docs/api/crm/understanding-the-crm',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'HubSpot public app (OAuth)',
      docsUrl: 'https://developers.hubspot.com/docs/api/working-with-oauth',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
      tokenUrl: 'https://api.hubapi.com/oauth/v1/token',
      pkce: 'unsupported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'body' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'never',
      accessTokenLifetimeSeconds: 1800,
      notes: 'Access tokens live 30 minutes (expires_in); a 401 is not a reliable expiry signal, so refresh on time.',
    },
    {
      id: 'private_app_token',
      type: 'bearer_token',
      label: 'HubSpot private app access token',
      docsUrl: 'https://developers.hubspot.com/docs/api/private-apps',
      inject: BEARER_HEADER,
    },
  ],
  rateLimitSignals: {
    source: USAGE_DOC,
    retryAfterHeader: 'retry-after',
    remainingHeader: 'x-hubspot-ratelimit-remaining',
    limitHeader: 'x-hubspot-ratelimit-max',
    partitioning:
      'Per account (portal): a 10-second burst limit per app and a daily limit shared by private apps, by subscription tier; CRM search has its own per-second limit.',
  },
  declaredLimits: [
    { per: 'account', requests: 100, windowSeconds: 10, appliesTo: 'Free and Starter accounts (Professional and Enterprise: 190)', source: USAGE_DOC },
    {
      per: 'account',
      requests: 250000,
      windowSeconds: 86400,
      appliesTo: 'private apps, Free and Starter (Professional 650,000, Enterprise 1,000,000)',
      source: USAGE_DOC,
    },
  ],
  errors: {
    source: 'https://developers.hubspot.com/docs/api/error-handling',
    // `{ status: "error", message, correlationId, category, errors: [{ message, context }] }`.
    envelope: { codePaths: ['category'], messagePaths: ['message'], fieldPaths: ['errors.0.context.propertyName.0'] },
    rules: [
      { when: { vendorCodes: ['EXPIRED_AUTHENTICATION'] }, code: 'needs_reauth', authExpired: true, because: 'the 30-minute access token expired' },
      { when: { vendorCodes: ['RATE_LIMITS'] }, code: 'upstream_rate_limited', because: 'burst or daily limit' },
      { when: { vendorCodes: ['OBJECT_NOT_FOUND'] }, code: 'upstream_not_found', because: 'no such CRM object' },
      { when: { vendorCodes: ['MISSING_SCOPES'] }, code: 'upstream_forbidden', because: 'the app was not granted the scope' },
      { when: { vendorCodes: ['VALIDATION_ERROR'] }, code: 'upstream_invalid_request', because: 'a property value is invalid' },
    ],
  },
  actions: [listContacts, getContact, searchContacts, createContact, updateContact, archiveContact],
  sourceFile: __filename,
});
