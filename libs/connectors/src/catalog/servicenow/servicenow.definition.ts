import { defineProvider } from '../../definition/define';
import { BASIC_HEADER, BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

const RATE_LIMITS_DOC = 'https://www.servicenow.com/docs/bundle/yokohama-api-reference/page/integrate/inbound-rest/concept/inbound-REST-API-rate-limiting.html';

/** ServiceNow REST APIs (Table API and others) on the customer's instance `{instance}.service-now.com`. */
export const servicenow = defineProvider({
  id: 'servicenow',
  name: 'ServiceNow',
  description: 'ServiceNow REST APIs on a customer instance: Table API records (incidents, changes, users), attachments and scripted APIs.',
  docsUrl: 'https://developer.servicenow.com/dev.do#!/reference/api/latest/rest/',
  servers: {
    default: {
      url: 'https://{instance}.service-now.com',
      description: 'The customer instance; the Table API is /api/now/table/{table}.',
      source: 'https://developer.servicenow.com/dev.do#!/reference/api/latest/rest/c_TableAPI',
    },
  },
  connectionParams: {
    instance: { description: 'Instance name, `acme` in acme.service-now.com.', example: 'acme', source: 'admin', pattern: '[a-z0-9][a-z0-9-]*' },
  },
  hosts: ['*.service-now.com'],
  pagination: {
    style: 'link_header',
    notes: '`sysparm_limit` and `sysparm_offset` in; `Link` header with rel="next" and `X-Total-Count` out.',
    source: 'https://developer.servicenow.com/dev.do#!/reference/api/latest/rest/c_TableAPI',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'ServiceNow OAuth application (instance-hosted)',
      docsUrl: 'https://www.servicenow.com/docs/r/platform-security/authentication/c_OAuthApplications.html',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://{instance}.service-now.com/oauth_auth.do',
      tokenUrl: 'https://{instance}.service-now.com/oauth_token.do',
      pkce: 'supported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'body' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'never',
      notes: 'The OAuth endpoint is registered on the instance itself (System OAuth > Application Registry); token lifetimes are set there.',
    },
    {
      id: 'basic',
      type: 'basic',
      label: 'Instance user name + password',
      docsUrl: 'https://developer.servicenow.com/dev.do#!/reference/api/latest/rest/c_TableAPI',
      inject: BASIC_HEADER,
    },
  ],
  rateLimitSignals: {
    source: RATE_LIMITS_DOC,
    limitHeader: 'x-ratelimit-limit',
    reset: { header: 'x-ratelimit-reset', format: 'epoch_seconds' },
    scopeHeader: 'x-ratelimit-rule',
    partitioning: 'Per user, role or all users per hour, as the instance admin configures in Rate Limit Rules (sys_rate_limit_rules).',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement: "ServiceNow has no fixed limit: each instance's admin defines hourly rate-limit rules per user, role or everyone; exceeding one answers 429.",
    source: RATE_LIMITS_DOC,
  },
  errors: {
    source: 'https://developer.servicenow.com/dev.do#!/reference/api/latest/rest/c_TableAPI',
    // `{ error: { message, detail }, status: "failure" }`.
    envelope: { codePaths: [], messagePaths: ['error.message', 'error.detail'], fieldPaths: [] },
    rules: [
      { when: { status: [401], messageMatches: 'User Not Authenticated' }, code: 'needs_reauth', authExpired: true, because: 'the session or token expired' },
    ],
  },
  actions: [],
  sourceFile: __filename,
});
