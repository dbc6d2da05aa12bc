import { defineProvider } from '../../definition/define';
import { BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

const OAUTH_DOC = 'https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0';

/**
 * QuickBooks Online Accounting API for one company (realm). The realm id comes back as the
 * `realmId` query parameter of the OAuth redirect, beside the code.
 */
export const quickbooks = defineProvider({
  id: 'quickbooks',
  name: 'QuickBooks Online',
  description: 'QuickBooks Online Accounting API: customers, invoices, payments, bills, accounts and reports, plus its SQL-like query endpoint.',
  docsUrl: 'https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/account',
  servers: {
    default: {
      url: 'https://quickbooks.api.intuit.com/v3/company/{realmId}',
      description: 'Production companies.',
      source: 'https://developer.intuit.com/app/developer/qbo/docs/learn/rest-api-features',
    },
    sandbox: {
      url: 'https://sandbox-quickbooks.api.intuit.com/v3/company/{realmId}',
      description: 'Sandbox companies.',
      source: 'https://developer.intuit.com/app/developer/qbo/docs/learn/rest-api-features',
    },
  },
  connectionParams: {
    realmId: {
      description: 'Company id, the `realmId` the OAuth redirect carries: the company the user picked on the consent screen.',
      example: '9130347596423456',
      source: 'redirect',
      pattern: '[0-9]+',
    },
  },
  hosts: ['quickbooks.api.intuit.com', 'sandbox-quickbooks.api.intuit.com', 'appcenter.intuit.com', 'oauth.platform.intuit.com', 'developer.api.intuit.com'],
  pagination: {
    style: 'offset',
    notes: 'The query endpoint pages in the statement: `STARTPOSITION n MAXRESULTS m` (up to 1000).',
    source: 'https://developer.intuit.com/app/developer/qbo/docs/learn/explore-the-quickbooks-online-api/data-queries',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Intuit OAuth 2.0 app',
      docsUrl: OAUTH_DOC,
      inject: BEARER_HEADER,
      authorizeUrl: 'https://appcenter.intuit.com/connect/oauth2',
      tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
      revokeUrl: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
      revokeRequest: { method: 'POST', encoding: 'json', tokenParam: 'token', clientAuthentication: 'basic' },
      pkce: 'unsupported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'basic' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'optional',
      accessTokenLifetimeSeconds: 3600,
      notes:
        'Scope com.intuit.quickbooks.accounting. Access tokens last an hour, refresh tokens 100 days; always keep the latest refresh token returned. The redirect carries realmId, which the callback keeps as the connection realmId.',
    },
  ],
  rateLimitSignals: {
    // Intuit sends no rate-limit headers; its page says to wait 60 seconds after a 429.
    source: 'https://developer.intuit.com/app/developer/qbo/docs/learn/limits-and-throttles',
    partitioning: 'Per company (realm) per minute, and per realm and app per second; batch requests have their own limits (40 per minute per realm and app).',
  },
  declaredLimits: [
    {
      per: 'company',
      requests: 500,
      windowSeconds: 60,
      appliesTo: 'per realm id; 429 when exceeded, wait 60 s',
      source: 'https://developer.intuit.com/app/developer/qbo/docs/learn/limits-and-throttles',
    },
    {
      per: 'connection',
      requests: 10,
      windowSeconds: 1,
      appliesTo: 'per realm id and app',
      source: 'https://developer.intuit.com/app/developer/qbo/docs/learn/limits-and-throttles',
    },
  ],
  errors: {
    source: 'https://developer.intuit.com/app/developer/qbo/docs/develop/troubleshooting/error-codes',
    // `{ Fault: { Error: [{ Message, Detail, code, element }], type }, time }`.
    envelope: { codePaths: ['Fault.Error.0.code'], messagePaths: ['Fault.Error.0.Detail', 'Fault.Error.0.Message'], fieldPaths: ['Fault.Error.0.element'] },
    rules: [
      {
        when: { status: [429] },
        code: 'upstream_rate_limited',
        defaultRetryAfterMs: 60_000,
        because: 'Intuit sends no Retry-After and asks for a 60-second wait after a 429',
      },
      { when: { vendorCodes: ['5010'] }, code: 'upstream_conflict', because: 'Stale object: the SyncToken is not the current one' },
      { when: { vendorCodes: ['610'] }, code: 'upstream_not_found', because: 'Object Not Found: the entity was deleted or made inactive' },
    ],
  },
  actions: [],
  sourceFile: __filename,
});
