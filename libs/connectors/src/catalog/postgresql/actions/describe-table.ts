import { defineDatabaseAction } from '../../../definition/define';
import { EGRESS, PG_DOCS, REAUTH, resultSet, TIMEOUT, UNAVAILABLE } from '../postgresql.schemas';

export const describeTable = defineDatabaseAction({
  id: 'postgresql.describe_table',
  version: '1.0.0',
  title: "Describe a table's columns",
  description: "Lists a table's columns in order with their data type, whether they accept NULL and their default.",
  usage: 'Use before writing a query against a table, to get column names and types right. Find tables with postgresql.list_tables.',
  errorGuide: {
    upstream_not_found: 'No such table in that schema, or the role cannot see it; list tables with postgresql.list_tables.',
    upstream_timeout: TIMEOUT,
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
    required: ['table'],
    properties: {
      table: { type: 'string', minLength: 1, maxLength: 63, description: 'The table (or view) name.', examples: ['tickets'] },
      schema: { type: 'string', minLength: 1, maxLength: 63, default: 'public', description: 'Its schema (default public).', examples: ['public'] },
    },
  },
  outputSchema: resultSet,
  database: { operation: 'describe_table' },
  provenance: { docsUrl: PG_DOCS.columns },
  sourceFile: __filename,
});
