import { defineDatabaseAction } from '../../../definition/define';
import {
  EGRESS,
  INVALID,
  maxRowsParam,
  NOT_FOUND,
  paramsParam,
  PG_DOCS,
  READ_ONLY,
  REAUTH,
  resultSet,
  sqlParam,
  TIMEOUT,
  timeoutParam,
  UNAVAILABLE,
} from '../postgresql.schemas';

export const query = defineDatabaseAction({
  id: 'postgresql.query',
  version: '1.0.0',
  title: 'Run a read-only SQL query',
  description:
    "Runs one SELECT (or VALUES) against the tenant's PostgreSQL database in a read-only transaction with a statement timeout, and returns at most maxRows rows with their column names and types; truncated says whether there were more.",
  usage:
    'Use to read data. Put values in params ($1, $2 …) rather than in the SQL. Ask for what you need (columns, WHERE, ORDER BY, LIMIT): a result over maxRows is cut, not paged. Find tables with postgresql.list_tables and columns with postgresql.describe_table first.',
  errorGuide: {
    upstream_timeout: TIMEOUT,
    upstream_forbidden: READ_ONLY,
    upstream_not_found: NOT_FOUND,
    upstream_invalid_request: INVALID,
    needs_reauth: REAUTH,
    upstream_unavailable: UNAVAILABLE,
    forbidden: EGRESS,
  },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: [],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['sql'],
    properties: {
      sql: sqlParam('A SELECT or VALUES statement.', 'SELECT id, title FROM tickets WHERE status = $1 ORDER BY id LIMIT 50'),
      params: paramsParam,
      maxRows: maxRowsParam,
      timeoutMs: timeoutParam,
    },
  },
  outputSchema: resultSet,
  database: { operation: 'query' },
  provenance: { docsUrl: PG_DOCS.declare },
  sourceFile: __filename,
});
