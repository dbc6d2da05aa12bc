import { defineProvider } from '../../definition/define';
import { BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

const REST_DIRECTORY = 'https://community.workday.com/sites/default/files/file-hosting/restapi/index.html';

/**
 * Workday REST APIs on the customer's own hosts. Every tenant has two: an authorization host
 * (wd3.myworkday.com, impl.workday.com) and a web-service host (wd3-services1.myworkday.com),
 * both shown on the tenant's View API Clients page with the tenant name.
 */
export const workday = defineProvider({
  id: 'workday',
  name: 'Workday',
  description: 'Workday REST APIs: workers, organizations, absence, recruiting and staffing, on a customer tenant.',
  docsUrl: REST_DIRECTORY,
  servers: {
    default: {
      url: 'https://{servicesHost}/ccx/api',
      description: 'Web-service host; paths are /{service}/{version}/{tenant}/… (e.g. /staffing/v6/acme/workers).',
      source: REST_DIRECTORY,
    },
  },
  connectionParams: {
    servicesHost: {
      description: 'Web-service host of the tenant, from View API Clients (REST API Endpoint).',
      example: 'wd3-services1.myworkday.com',
      source: 'admin',
      pattern: '[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(myworkday|workday)\\.com',
    },
    authHost: {
      description: 'Authorization host of the tenant, from View API Clients (Authorization Endpoint).',
      example: 'wd3.myworkday.com',
      source: 'admin',
      pattern: '[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(myworkday|workday)\\.com',
    },
    tenant: { description: 'Tenant name, the path segment after the host in the endpoints.', example: 'acme', source: 'admin', pattern: '[A-Za-z0-9_]+' },
  },
  hosts: ['*.workday.com', '*.myworkday.com'],
  pagination: { style: 'offset', notes: '`limit` (up to 100) and `offset` in; `data` and `total` out.', source: REST_DIRECTORY },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Workday API client (registered in the tenant)',
      docsUrl: REST_DIRECTORY,
      inject: BEARER_HEADER,
      authorizeUrl: 'https://{authHost}/{tenant}/authorize',
      tokenUrl: 'https://{servicesHost}/ccx/oauth2/{tenant}/token',
      pkce: 'unsupported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'basic' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'never',
      notes:
        'Each customer\'s admin registers the API client in their own tenant (Register API Client) and picks its functional-area scopes; clients "for integrations" get a non-expiring refresh token instead of a consent step.',
    },
  ],
  rateLimitSignals: {
    source: REST_DIRECTORY,
    retryAfterHeader: 'retry-after',
    partitioning: 'Per tenant; Workday publishes no per-client numbers.',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement: 'Workday publishes no public request-rate limit for its REST APIs; calls are paced only on 429 and Retry-After.',
    source: REST_DIRECTORY,
  },
  errors: {
    source: REST_DIRECTORY,
    // `{ error: "…", errors: [{ error, field, location }] }`.
    envelope: { codePaths: [], messagePaths: ['errors.0.error', 'error'], fieldPaths: ['errors.0.field'] },
    rules: [],
  },
  actions: [],
  sourceFile: __filename,
});
