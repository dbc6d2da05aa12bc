import { defineProvider } from '../../definition/define';
import { BASIC_HEADER, BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

const API_LIMITS_DOC = 'https://support.atlassian.com/bitbucket-cloud/docs/api-request-limits/';

/** Bitbucket Cloud REST API 2.0. */
export const bitbucket = defineProvider({
  id: 'bitbucket',
  name: 'Bitbucket Cloud',
  description: 'Bitbucket Cloud REST API 2.0: repositories, pull requests, comments, commits and pipelines.',
  docsUrl: 'https://developer.atlassian.com/cloud/bitbucket/rest/intro/',
  servers: {
    default: {
      url: 'https://api.bitbucket.org/2.0',
      description: 'Bitbucket Cloud API.',
      source: 'https://developer.atlassian.com/cloud/bitbucket/rest/intro/',
    },
  },
  connectionParams: {},
  hosts: ['api.bitbucket.org', 'bitbucket.org'],
  pagination: {
    style: 'next_url',
    notes: "`pagelen` and `page` in; `values`, `next` (the next page's URL), `size` out; follow `next` until it is absent.",
    source: 'https://developer.atlassian.com/cloud/bitbucket/rest/intro/#pagination',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Bitbucket OAuth consumer',
      docsUrl: 'https://developer.atlassian.com/cloud/bitbucket/oauth-2/',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://bitbucket.org/site/oauth2/authorize',
      tokenUrl: 'https://bitbucket.org/site/oauth2/access_token',
      pkce: 'unsupported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'basic' },
      tokenResponse: { ...RFC6749_TOKEN_RESPONSE, scopePath: 'scopes' },
      responseFormat: 'json',
      refreshTokenRotation: 'never',
      accessTokenLifetimeSeconds: 7200,
      notes: 'Scopes are set on the consumer (repository, pullrequest, account …); access tokens last two hours.',
    },
    {
      id: 'access_token',
      type: 'bearer_token',
      label: 'Repository, project or workspace access token',
      docsUrl: 'https://support.atlassian.com/bitbucket-cloud/docs/access-tokens/',
      inject: BEARER_HEADER,
    },
    {
      id: 'api_token',
      type: 'basic',
      label: 'Atlassian account email + API token',
      docsUrl: 'https://support.atlassian.com/bitbucket-cloud/docs/using-api-tokens/',
      inject: BASIC_HEADER,
      notes: 'API tokens replace app passwords.',
    },
  ],
  rateLimitSignals: {
    source: API_LIMITS_DOC,
    retryAfterHeader: 'retry-after',
    limitHeader: 'x-ratelimit-limit',
    scopeHeader: 'x-ratelimit-resource',
    partitioning: 'Per user (or access token) per rolling hour, per group of endpoints.',
  },
  declaredLimits: [
    { per: 'user', requests: 1000, windowSeconds: 3600, appliesTo: 'authenticated API requests (repository data, pull requests …)', source: API_LIMITS_DOC },
  ],
  errors: {
    source: 'https://developer.atlassian.com/cloud/bitbucket/rest/intro/',
    // `{ type: "error", error: { message, detail, fields: { field: [message] } } }`.
    envelope: { codePaths: [], messagePaths: ['error.message', 'error.detail'], fieldPaths: ['error.fields.@firstKey'] },
    rules: [],
  },
  actions: [],
  sourceFile: __filename,
});
