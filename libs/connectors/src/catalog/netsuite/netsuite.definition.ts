import { defineProvider } from '../../definition/define';
import { BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

/**
 * NetSuite REST web services (SuiteTalk REST) on the account's own hosts. The account ID goes
 * in the host lower-cased with `_` as `-` (`1234567_SB1` → `1234567-sb1`).
 */
export const netsuite = defineProvider({
  id: 'netsuite',
  name: 'NetSuite',
  description: 'Oracle NetSuite REST web services: records (customers, invoices, sales orders) and SuiteQL queries.',
  docsUrl: 'https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/chapter_1540809676.html',
  servers: {
    default: {
      url: 'https://{accountHost}.suitetalk.api.netsuite.com/services/rest',
      description: 'REST web services: /record/v1/{type}, /query/v1/suiteql.',
      source: 'https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_157780312610.html',
    },
  },
  connectionParams: {
    accountHost: {
      description: 'Account ID as it appears in hosts: lower case, `_` replaced by `-`.',
      example: '1234567-sb1',
      source: 'admin',
      pattern: '[a-z0-9][a-z0-9-]*',
    },
  },
  hosts: ['*.suitetalk.api.netsuite.com', '*.app.netsuite.com', '*.restlets.api.netsuite.com'],
  pagination: {
    style: 'offset',
    notes: '`limit` (up to 1000, the default) and `offset` in; `items`, `hasMore`, `totalResults` and `links` (rel "next") out; at most 1000 pages.',
    source: 'https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_156414087576.html',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'NetSuite OAuth 2.0 (integration record, authorization code)',
      docsUrl: 'https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_158081944642.html',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://{accountHost}.app.netsuite.com/app/login/oauth2/authorize.nl',
      tokenUrl: 'https://{accountHost}.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token',
      pkce: 'supported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'basic' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'never',
      accessTokenLifetimeSeconds: 3600,
      notes:
        'Scopes: rest_webservices, restlets, suite_analytics. The machine-to-machine client-credentials flow signs a certificate-based client assertion and is not modelled here.',
    },
  ],
  rateLimitSignals: {
    source: 'https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/subsect_1559222360.html',
    retryAfterHeader: 'retry-after',
    partitioning: 'Concurrent requests per account, by service tier and SuiteCloud Plus licences, shared by REST, SOAP and RESTlets.',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement:
      'NetSuite governs concurrency per account (depending on its service tier and licences), not a request rate; a request over the account limit is refused with 429.',
    source: 'https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/subsect_1559222360.html',
  },
  errors: {
    source: 'https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/subsect_1559222360.html',
    // Error bodies `{ type, title, status, o:errorDetails: [{ detail, o:errorCode }] }`; over the concurrency limit: 429.
    envelope: { codePaths: ['o:errorDetails.0.o:errorCode'], messagePaths: ['o:errorDetails.0.detail', 'title'], fieldPaths: [] },
    rules: [],
  },
  actions: [],
  sourceFile: __filename,
});
