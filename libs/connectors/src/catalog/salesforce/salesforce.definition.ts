import { defineProvider } from '../../definition/define';
import { createRecord } from './actions/create-record';
import { deleteRecord } from './actions/delete-record';
import { describeObject } from './actions/describe-object';
import { getRecord } from './actions/get-record';
import { query } from './actions/query';
import { updateRecord } from './actions/update-record';

/** REST API version the connector speaks; responses echo it in URLs. */
export const SALESFORCE_API_VERSION = '63.0';

/**
 * Salesforce REST API on the org's own instance URL. Errors are JSON arrays of
 * `{ message, errorCode, fields }`; OAuth errors are `{ error, error_description }` objects.
 * Sources: /work/shared/vendors/salesforce.md.
 */
export const salesforce = defineProvider({
  id: 'salesforce',
  name: 'Salesforce',
  description: 'Salesforce REST API: SOQL queries and record create, read, update, delete and describe.',
  docsUrl: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/',
  servers: {
    default: {
      url: `{instanceUrl}/services/data/v${SALESFORCE_API_VERSION}`,
      description: 'The org instance from the token answer (`instance_url`).',
      source: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest_resources.htm',
    },
  },
  connectionParams: {
    instanceUrl: { description: 'Org base URL, `instance_url` of the token answer.', example: 'https://acme.my.salesforce.com', source: 'token_response' },
  },
  hosts: ['login.salesforce.com', 'test.salesforce.com', '*.my.salesforce.com', '*.salesforce.com', '*.force.com'],
  pagination: {
    style: 'next_url',
    notes: 'Query answers carry `done` and, until done, `nextRecordsUrl` to GET for the next batch (up to 2000 records).',
    source: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Salesforce connected app (OAuth 2.0 web server flow)',
      docsUrl: 'https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow.htm',
      inject: { in: 'header', name: 'Authorization', scheme: 'Bearer' },
      authorizeUrl: 'https://login.salesforce.com/services/oauth2/authorize',
      tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
      revokeUrl: 'https://login.salesforce.com/services/oauth2/revoke',
      revokeRequest: { method: 'POST', encoding: 'form', tokenParam: 'token', clientAuthentication: 'body' },
      pkce: 'supported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'body' },
      // No expires_in: the lifetime is the org's session timeout, seen only as 401 INVALID_SESSION_ID.
      tokenResponse: {
        accessTokenPath: 'access_token',
        refreshTokenPath: 'refresh_token',
        scopePath: 'scope',
        errorPath: 'error',
        connectionParamPaths: { instanceUrl: 'instance_url' },
      },
      responseFormat: 'json',
      refreshTokenRotation: 'optional',
      notes: 'A refresh answer carries no new refresh_token unless the connected app rotates them. Revoking a refresh token revokes its access tokens.',
    },
    {
      id: 'jwt_bearer',
      type: 'oauth2_jwt_bearer',
      label: 'Salesforce OAuth 2.0 JWT bearer flow (server-to-server)',
      docsUrl: 'https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_jwt_flow.htm',
      inject: { in: 'header', name: 'Authorization', scheme: 'Bearer' },
      tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
      // iss = the connected app's consumer key, sub = the username, aud = the login host; exp at most 3 minutes ahead.
      assertion: { algorithm: 'RS256', issuer: 'client_id', subject: 'username', audience: 'https://login.salesforce.com', maxLifetimeSeconds: 180 },
      scopeSeparator: ' ',
      tokenResponse: { accessTokenPath: 'access_token', scopePath: 'scope', errorPath: 'error', connectionParamPaths: { instanceUrl: 'instance_url' } },
      responseFormat: 'json',
      notes:
        'The user must be pre-authorized for the connected app (admin-approved users, or a prior consent). No refresh token: a new assertion is signed when the session ends.',
    },
  ],
  rateLimitSignals: {
    source: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm',
    usage: { header: 'sforce-limit-info', pattern: 'api-usage=(\\d+)/(\\d+)' },
    partitioning: 'Org-wide allocation of API requests over a rolling 24 hours, plus a cap on concurrent long-running (20 s+) requests.',
  },
  declaredLimits: [
    {
      per: 'org',
      requests: 15000,
      windowSeconds: 86400,
      appliesTo: 'Developer Edition; Enterprise gets 100,000 + 1,000 per licence',
      source:
        'https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm',
    },
  ],
  errors: {
    source: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm',
    envelope: { codePaths: ['0.errorCode', 'error'], messagePaths: ['0.message', 'error_description'], fieldPaths: ['0.fields.0'] },
    rules: [
      {
        when: { status: [403], vendorCodes: ['REQUEST_LIMIT_EXCEEDED'] },
        code: 'upstream_rate_limited',
        defaultRetryAfterMs: 60_000,
        because: 'Salesforce reports an exhausted daily allocation (or too many concurrent long requests) as 403 without a Retry-After',
      },
      {
        when: { status: [401], messageMatches: 'not valid for use with the REST API' },
        code: 'needs_reauth',
        because: 'the session type cannot call REST; refreshing gives the same kind of session',
      },
      {
        when: { status: [401], vendorCodes: ['INVALID_SESSION_ID'] },
        code: 'needs_reauth',
        authExpired: true,
        because: 'tokens carry no expires_in; an expired session shows up only as this 401',
      },
      {
        when: { vendorCodes: ['NOT_FOUND', 'ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY'] },
        code: 'upstream_not_found',
        because: 'the record does not exist or was deleted',
      },
      {
        when: { vendorCodes: ['INSUFFICIENT_ACCESS_OR_READONLY', 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY', 'API_DISABLED_FOR_ORG'] },
        code: 'upstream_forbidden',
        because: 'profile or sharing rules forbid it',
      },
      {
        when: { vendorCodes: ['DUPLICATE_VALUE', 'UNABLE_TO_LOCK_ROW', 'ENTITY_IS_LOCKED', 'DELETE_FAILED'] },
        code: 'upstream_conflict',
        because: 'the data is in a state that blocks the change',
      },
      { when: { status: [300] }, code: 'upstream_conflict', because: 'an external ID matched several records' },
    ],
  },
  actions: [query, getRecord, createRecord, updateRecord, describeObject, deleteRecord],
  // REST API (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta): GET reads
  // (query, sobjects, describe); DELETE removes records.
  proxy: {
    reads: ['GET /**', 'HEAD /**'],
    destructive: ['DELETE /**'],
  },
  sourceFile: __filename,
});
