import { defineDatabaseAction } from '../../../definition/define';
import { EGRESS, PG_DOCS, REAUTH, resultSet, TIMEOUT, UNAVAILABLE } from '../postgresql.schemas';

export const listTables = defineDatabaseAction({
  id: 'postgresql.list_tables',
  version: '1.0.0',
  title: 'List the tables of the database',
  description: "Lists the tables and views the connection's role can see (schema, name, type), outside the system schemas, optionally in one schema.",
  usage: "Start here to learn what the database holds; then read a table's columns with postgresql.describe_table before writing a query.",
  errorGuide: { upstream_timeout: TIMEOUT, needs_reauth: REAUTH, upstream_unavailable: UNAVAILABLE, forbidden: EGRESS },
  sideEffect: 'read',
  hints: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  scopes: [],
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { schema: { type: 'string', minLength: 1, maxLength: 63, description: 'Only tables of this schema, e.g. public.', examples: ['public'] } },
  },
  outputSchema: resultSet,
  database: { operation: 'list_tables' },
  provenance: { docsUrl: PG_DOCS.tables },
  sourceFile: __filename,
});
