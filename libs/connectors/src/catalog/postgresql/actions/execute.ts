import { defineDatabaseAction } from '../../../definition/define';
import {
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

export const execute = defineDatabaseAction({
  id: 'postgresql.execute',
  version: '1.0.0',
  title: 'Run a SQL statement that changes data',
  description:
    'Runs one INSERT, UPDATE, DELETE or DDL statement in its own transaction, committed when it succeeds, with a statement timeout; returns the number of rows affected and RETURNING rows (at most maxRows). Only on a connection an admin opened for writes.',
  usage:
    'Only when asked to change data, and only one statement per call; put values in params. Read with postgresql.query instead. A connection that stays read-only (the default) refuses this tool with forbidden.',
  errorGuide: {
    forbidden:
      'The connection is read-only (the default) or its host is refused by the egress policy; an admin must open the connection for writes. Do not retry.',
    upstream_forbidden: READ_ONLY,
    upstream_timeout: TIMEOUT,
    upstream_not_found: NOT_FOUND,
    upstream_invalid_request: INVALID,
    upstream_conflict:
      'A constraint or a concurrent transaction refused the change (unique violation, serialization failure); read the current rows and decide again.',
    needs_reauth: REAUTH,
    upstream_unavailable: UNAVAILABLE,
  },
  sideEffect: 'destructive',
  hints: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
  scopes: [],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['sql'],
    properties: {
      sql: sqlParam('An INSERT, UPDATE, DELETE or DDL statement.', 'UPDATE tickets SET status = $1 WHERE id = $2 RETURNING id, status'),
      params: paramsParam,
      maxRows: maxRowsParam,
      timeoutMs: timeoutParam,
    },
  },
  outputSchema: resultSet,
  database: { operation: 'execute' },
  provenance: { docsUrl: PG_DOCS.protocol },
  sourceFile: __filename,
});
