import { defineProvider } from '../../definition/define';
import { BEARER_HEADER } from '../shared/auth-pieces';

const RATE_LIMITS_DOC = 'https://developers.intercom.com/docs/references/rest-api/errors/rate-limiting';

/** Intercom REST API (US workspaces; EU and Australian workspaces use api.eu / api.au hosts). */
export const intercom = defineProvider({
  id: 'intercom',
  name: 'Intercom',
  description: 'Intercom REST API: contacts, companies, conversations, tickets, articles and admins.',
  docsUrl: 'https://developers.intercom.com/docs/references/rest-api/api.intercom.io',
  servers: {
    default: {
      url: 'https://api.intercom.io',
      description: 'US-hosted workspaces.',
      source: 'https://developers.intercom.com/docs/build-an-integration/learn-more/rest-apis/',
    },
  },
  connectionParams: {},
  hosts: ['api.intercom.io', 'api.eu.intercom.io', 'api.au.intercom.io', 'app.intercom.com'],
  pagination: {
    style: 'cursor',
    notes: '`per_page` and `starting_after` in; `pages.next.starting_after` out.',
    source: 'https://developers.intercom.com/docs/build-an-integration/learn-more/rest-apis/pagination',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Intercom OAuth app',
      docsUrl: 'https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://app.intercom.com/oauth',
      tokenUrl: 'https://api.intercom.io/auth/eagle/token',
      pkce: 'unsupported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'json', clientAuthentication: 'body' },
      tokenResponse: { accessTokenPath: 'access_token', errorPath: 'error' },
      responseFormat: 'json',
      refreshTokenRotation: 'never',
      notes: 'Permissions are chosen on the app, not per request; tokens do not expire and there is no refresh token.',
    },
    {
      id: 'access_token',
      type: 'bearer_token',
      label: 'Intercom access token (private app)',
      docsUrl: 'https://developers.intercom.com/docs/build-an-integration/learn-more/authentication',
      inject: BEARER_HEADER,
    },
  ],
  rateLimitSignals: {
    source: RATE_LIMITS_DOC,
    reset: { header: 'x-ratelimit-reset', format: 'epoch_seconds' },
    remainingHeader: 'x-ratelimit-remaining',
    limitHeader: 'x-ratelimit-limit',
    partitioning: 'Per app per minute, spread evenly over 10-second windows, and per workspace across its private apps.',
  },
  declaredLimits: [
    { per: 'connection', requests: 10000, windowSeconds: 60, appliesTo: 'each app (enforced in 10-second slices)', source: RATE_LIMITS_DOC },
    { per: 'workspace', requests: 25000, windowSeconds: 60, appliesTo: 'all private apps of a workspace', source: RATE_LIMITS_DOC },
  ],
  errors: {
    source: 'https://developers.intercom.com/docs/references/rest-api/errors/error-objects',
    // `{ type: "error.list", request_id, errors: [{ code, message, field? }] }`.
    envelope: { codePaths: ['errors.0.code'], messagePaths: ['errors.0.message'], fieldPaths: ['errors.0.field'] },
    rules: [
      {
        when: { vendorCodes: ['token_not_found', 'token_revoked', 'unauthorized'] },
        code: 'needs_reauth',
        because: 'Intercom tokens do not expire: a rejected one was revoked or the app uninstalled',
      },
      { when: { vendorCodes: ['rate_limit_exceeded'] }, code: 'upstream_rate_limited', because: 'per-app or per-workspace limit' },
      { when: { vendorCodes: ['not_found'] }, code: 'upstream_not_found', because: 'no such object in this workspace' },
    ],
  },
  actions: [],
  sourceFile: __filename,
});
