import type { JsonSchema } from '../../definition/action';

export const PG_DOCS = {
  select: 'https://www.postgresql.org/docs/current/sql-select.html',
  declare: 'https://www.postgresql.org/docs/current/sql-declare.html',
  fetch: 'https://www.postgresql.org/docs/current/sql-fetch.html',
  tables: 'https://www.postgresql.org/docs/current/infoschema-tables.html',
  columns: 'https://www.postgresql.org/docs/current/infoschema-columns.html',
  protocol: 'https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY',
} as const;

export const sqlParam = (what: string, example: string): JsonSchema => ({
  type: 'string',
  minLength: 1,
  maxLength: 100_000,
  description: `${what} One statement; values go in params as $1, $2 … (never written into the SQL).`,
  examples: [example],
});

export const paramsParam: JsonSchema = {
  type: 'array',
  maxItems: 100,
  items: { anyOf: [{ type: 'string', maxLength: 100_000 }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }] },
  description: 'Values for $1, $2 … in order, sent separately from the SQL (bound by the server, never interpolated).',
  examples: [['open', 10]],
};

export const maxRowsParam: JsonSchema = {
  type: 'integer',
  minimum: 1,
  maximum: 10_000,
  description: 'Most rows to return (default 1,000, at most 10,000); truncated is true when there were more.',
  examples: [100],
};

export const timeoutParam: JsonSchema = {
  type: 'integer',
  minimum: 100,
  maximum: 120_000,
  description: 'Statement timeout in milliseconds (default 15,000, at most 120,000); the server cancels a longer statement.',
  examples: [5000],
};

const column: JsonSchema = { type: 'object', properties: { name: { type: 'string' }, dataType: { type: 'string' } }, required: ['name'] };

export const resultSet: JsonSchema = {
  type: 'object',
  properties: {
    columns: { type: 'array', items: column },
    rows: { type: 'array', items: { type: 'object' } },
    rowCount: { type: 'integer' },
    truncated: { type: 'boolean' },
  },
  required: ['columns', 'rows', 'rowCount', 'truncated'],
};

export const TIMEOUT =
  'The statement ran longer than its timeout and the server cancelled it (SQLSTATE 57014); narrow the query (WHERE, LIMIT, an indexed column) before retrying.';
export const READ_ONLY =
  'The statement tried to write inside a read-only transaction (SQLSTATE 25006) or the role lacks the privilege (42501); use a SELECT, or postgresql.execute on a connection that allows writes.';
export const NOT_FOUND =
  'A table, column or schema named in the SQL does not exist (42P01, 42703) or the role cannot see it; check names with postgresql.list_tables and postgresql.describe_table.';
export const INVALID =
  'The SQL does not parse or a value does not fit its column (42601, 22xxx); the message says where. Fix the statement; retrying unchanged fails again.';
export const REAUTH = 'The database refused the stored role or password (28P01); an admin must update the connection.';
export const UNAVAILABLE = 'The database could not be reached or is full (connection refused, 53300); retry later.';
export const EGRESS =
  "The connection's host is not reachable under the egress policy (a private address the operator did not allow); an admin must fix the host or the policy.";
