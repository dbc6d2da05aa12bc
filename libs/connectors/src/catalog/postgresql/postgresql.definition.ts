import { defineProvider } from '../../definition/define';
import { describeTable } from './actions/describe-table';
import { execute } from './actions/execute';
import { listTables } from './actions/list-tables';
import { query } from './actions/query';

const CLIENT_CONFIG_DOC = 'https://www.postgresql.org/docs/current/runtime-config-client.html';

/**
 * A tenant's own PostgreSQL database, reached with the PostgreSQL wire protocol rather than
 * HTTP. Everything a query stage needs is declared here (where to connect, how to log in, and
 * the guard rails: read-only sessions, a statement timeout, a row cap, TLS). The typed tools
 * are run by the database driver (database/postgresql-driver.ts), not by the HTTP engine or
 * the raw proxy.
 */
export const postgresql = defineProvider({
  id: 'postgresql',
  name: 'PostgreSQL',
  description: "A tenant's PostgreSQL database: read-only SQL queries by default, with a statement timeout and a row cap.",
  docsUrl: 'https://www.postgresql.org/docs/current/',
  servers: {
    default: {
      url: 'postgresql://{host}:{port}/{database}',
      description: "The tenant's server and database.",
      source: 'https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING',
    },
  },
  connectionParams: {
    host: {
      description: "Host name of the tenant's PostgreSQL server.",
      example: 'db.example.com',
      source: 'admin',
      selfHosted: true,
      pattern: '[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*',
    },
    port: { description: 'TCP port, usually 5432.', example: '5432', source: 'admin', pattern: '[0-9]{1,5}' },
    database: { description: 'Database name.', example: 'analytics', source: 'admin', pattern: '[A-Za-z0-9_.$-]+' },
    sslmode: {
      description:
        'TLS towards the server, as libpq names it: verify-full (default: encrypted, certificate checked against the host name), require (encrypted, certificate not checked) or disable.',
      example: 'verify-full',
      source: 'admin',
      pattern: 'verify-full|require|disable',
    },
    access: {
      description: 'read_only (default) or read_write: only a read_write connection accepts postgresql.execute.',
      example: 'read_only',
      source: 'admin',
      pattern: 'read_only|read_write',
    },
  },
  hosts: [],
  pagination: {
    style: 'none',
    notes: 'A query returns at most the row cap; the query itself pages (LIMIT/OFFSET or keyset) if more is needed.',
    source: 'https://www.postgresql.org/docs/current/queries-limit.html',
  },
  authModes: [
    {
      id: 'password',
      type: 'database_password',
      label: 'Database role + password (SCRAM-SHA-256)',
      docsUrl: 'https://www.postgresql.org/docs/current/auth-password.html',
      notes: 'Give the connection a role with SELECT only on what agents may read; read-only sessions are a second fence, not the first.',
    },
  ],
  database: {
    engine: 'postgresql',
    readOnly: {
      default: true,
      mechanism: 'default_transaction_read_only = on for the session and BEGIN READ ONLY per call; a write fails with SQLSTATE 25006.',
      source: `${CLIENT_CONFIG_DOC}#GUC-DEFAULT-TRANSACTION-READ-ONLY`,
    },
    statementTimeout: {
      defaultMs: 15_000,
      maxMs: 120_000,
      mechanism: 'SET LOCAL statement_timeout in each transaction; the server cancels a longer statement with SQLSTATE 57014.',
      source: `${CLIENT_CONFIG_DOC}#GUC-STATEMENT-TIMEOUT`,
    },
    rowCap: {
      default: 1000,
      max: 10_000,
      mechanism: 'DECLARE a cursor and FETCH rowCap + 1 rows: the server never sends more, and one extra row tells the caller the result was cut.',
      source: 'https://www.postgresql.org/docs/current/sql-fetch.html',
    },
    tls: { default: 'verify-full', source: 'https://www.postgresql.org/docs/current/libpq-ssl.html' },
    actions: [query, listTables, describeTable, execute],
  },
  rateLimitSignals: {
    source: 'https://www.postgresql.org/docs/current/runtime-config-connection.html',
    partitioning: 'No request rate: the server bounds concurrent sessions with max_connections (SQLSTATE 53300 when full).',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement: 'A PostgreSQL server has no request-rate limit; only max_connections bounds how many sessions it accepts.',
    source: 'https://www.postgresql.org/docs/current/runtime-config-connection.html',
  },
  errors: {
    source: 'https://www.postgresql.org/docs/current/errcodes-appendix.html',
    // For the driver stage: the server's ErrorResponse fields, as node-postgres exposes them.
    envelope: { codePaths: ['code'], messagePaths: ['message'], fieldPaths: ['column'] },
    rules: [
      { when: { vendorCodes: ['57014'] }, code: 'upstream_timeout', because: 'query_canceled: the statement timeout fired' },
      {
        when: { vendorCodes: ['28P01', '28000'] },
        code: 'needs_reauth',
        because: 'invalid_password / invalid_authorization_specification: the stored login no longer works',
      },
      {
        when: { vendorCodes: ['25006', '42501'] },
        code: 'upstream_forbidden',
        because: 'read_only_sql_transaction or insufficient_privilege: the connection may not do this',
      },
      { when: { vendorCodes: ['53300'] }, code: 'upstream_rate_limited', defaultRetryAfterMs: 5000, because: 'too_many_connections: the server is full' },
      { when: { vendorCodes: ['42P01', '42703', '3D000'] }, code: 'upstream_not_found', because: 'undefined table, column or database' },
      { when: { vendorCodes: ['40001', '40P01'] }, code: 'upstream_conflict', because: 'serialization failure or deadlock: retry the transaction' },
      { when: { vendorCodes: ['42601'] }, code: 'upstream_invalid_request', because: 'syntax error in the SQL' },
    ],
  },
  actions: [],
  sourceFile: __filename,
});
