import { defineProvider } from '../../definition/define';
import { BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

const API_DOC = 'https://developers.outreach.io/api/';

/** Outreach REST API v2 (JSON:API). */
export const outreach = defineProvider({
  id: 'outreach',
  name: 'Outreach',
  description: 'Outreach API v2 (JSON:API): prospects, accounts, sequences, sequence states, mailings and tasks.',
  docsUrl: API_DOC,
  servers: { default: { url: 'https://api.outreach.io/api/v2', description: 'Outreach API v2.', source: API_DOC } },
  connectionParams: {},
  hosts: ['api.outreach.io'],
  pagination: {
    style: 'next_url',
    notes: 'JSON:API: `page[size]` in; follow `links.next` until it is absent.',
    source: 'https://developers.outreach.io/api/making-requests/',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Outreach OAuth app',
      docsUrl: 'https://developers.outreach.io/api/oauth/',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://api.outreach.io/oauth/authorize',
      tokenUrl: 'https://api.outreach.io/oauth/token',
      pkce: 'unsupported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'body' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'always',
      accessTokenLifetimeSeconds: 7200,
      notes: 'Scopes per resource: prospects.read, prospects.write … Access tokens live two hours.',
    },
  ],
  rateLimitSignals: {
    source: 'https://developers.outreach.io/api/rate-limiting/',
    reset: { header: 'x-ratelimit-reset', format: 'epoch_seconds' },
    remainingHeader: 'x-ratelimit-remaining',
    limitHeader: 'x-ratelimit-limit',
    partitioning: 'Per user per hour.',
  },
  declaredLimits: [{ per: 'user', requests: 10000, windowSeconds: 3600, source: 'https://developers.outreach.io/api/rate-limiting/' }],
  errors: {
    source: API_DOC,
    // JSON:API `{ errors: [{ id, title, detail, source: { pointer } }] }`.
    envelope: { codePaths: ['errors.0.id'], messagePaths: ['errors.0.detail', 'errors.0.title'], fieldPaths: ['errors.0.source.pointer'] },
    rules: [],
  },
  actions: [],
  sourceFile: __filename,
});
