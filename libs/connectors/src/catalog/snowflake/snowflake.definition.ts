import { defineProvider } from '../../definition/define';
import { RFC6749_TOKEN_RESPONSE } from '../shared/auth-pieces';

const SQL_API_REFERENCE = 'https://docs.snowflake.com/en/developer-guide/sql-api/reference';

/**
 * Snowflake SQL API (and the Snowflake REST APIs) on the account's own host,
 * `{account}.snowflakecomputing.com`. The account identifier is `orgname-accountname` or a
 * legacy locator with region (`xy12345.us-east-2.aws`).
 */
export const snowflake = defineProvider({
  id: 'snowflake',
  name: 'Snowflake',
  description: 'Snowflake SQL API: submit SQL statements, poll their status and read result partitions on a customer account.',
  docsUrl: 'https://docs.snowflake.com/en/developer-guide/sql-api/index',
  servers: {
    default: {
      url: 'https://{account}.snowflakecomputing.com',
      description: 'The account host; statements go to /api/v2/statements.',
      source: 'https://docs.snowflake.com/en/developer-guide/sql-api/submitting-requests',
    },
  },
  connectionParams: {
    account: {
      description: 'Account identifier as used in the account URL (orgname-accountname, or a locator with region).',
      example: 'myorg-myaccount',
      source: 'admin',
      pattern: '[a-z0-9][a-z0-9_-]*(\\.[a-z0-9-]+)*',
    },
  },
  hosts: ['*.snowflakecomputing.com'],
  pagination: {
    style: 'page_number',
    notes: 'Large results come in partitions: `resultSetMetaData.partitionInfo` lists them; GET /api/v2/statements/{handle}?partition=N reads each.',
    source: 'https://docs.snowflake.com/en/developer-guide/sql-api/handling-responses',
  },
  authModes: [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Snowflake OAuth (custom client security integration)',
      docsUrl: 'https://docs.snowflake.com/en/user-guide/oauth-custom',
      inject: { in: 'header', name: 'Authorization', scheme: 'Bearer', extraHeaders: { 'X-Snowflake-Authorization-Token-Type': 'OAUTH' } },
      authorizeUrl: 'https://{account}.snowflakecomputing.com/oauth/authorize',
      tokenUrl: 'https://{account}.snowflakecomputing.com/oauth/token-request',
      pkce: 'supported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'basic' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'optional',
      notes:
        'The client is a SECURITY INTEGRATION (OAUTH_CLIENT = CUSTOM) created in the account; scopes such as `session:role:ANALYST` pick the role, `refresh_token` asks for a refresh token, which the integration may make single-use.',
    },
    {
      id: 'programmatic_access_token',
      type: 'bearer_token',
      label: 'Snowflake programmatic access token',
      docsUrl: 'https://docs.snowflake.com/en/user-guide/programmatic-access-tokens',
      inject: { in: 'header', name: 'Authorization', scheme: 'Bearer', extraHeaders: { 'X-Snowflake-Authorization-Token-Type': 'PROGRAMMATIC_ACCESS_TOKEN' } },
      notes: 'Key-pair authentication (a JWT the client signs for every request, KEYPAIR_JWT) is not modelled: it needs a signing stage.',
    },
  ],
  rateLimitSignals: {
    source: SQL_API_REFERENCE,
    retryAfterHeader: 'retry-after',
    partitioning: 'Per account and user; the SQL API answers 429 when too many requests arrive.',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement:
      'Snowflake publishes no request-rate number for the SQL API; it answers 429 Too Many Requests and warehouses queue statements beyond their concurrency.',
    source: SQL_API_REFERENCE,
  },
  errors: {
    source: SQL_API_REFERENCE,
    // `{ code, message, sqlState, statementHandle }`.
    envelope: { codePaths: ['code'], messagePaths: ['message'], fieldPaths: [] },
    rules: [{ when: { status: [422] }, code: 'upstream_invalid_request', because: 'the statement failed to compile or run (sqlState tells why)' }],
  },
  actions: [],
  sourceFile: __filename,
});
