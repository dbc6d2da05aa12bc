import type { ValidateFunction } from 'ajv';
import { Client, type ClientConfig, type QueryConfig } from 'pg';
import { ERROR_CODES, type ErrorCode } from '@causeway/contracts';
import type { Catalog } from '../catalog/catalog';
import type { DatabaseActionDefinition, DatabaseSettings } from '../definition/database';
import { createJsonSchemaCompiler } from '../definition/json-schema-compiler';
import type { ProviderDefinition } from '../definition/provider';
import { actionError } from '../engine/action-error';
import { describeSchemaError, fieldOfSchemaError } from '../engine/action-validators';
import type { ExecuteActionCall } from '../engine/execute-action';
import { normalizeUpstreamError } from '../engine/normalize-error';
import type { ActionError, ActionResult } from '../engine/types';
import { databaseConnectionSettings, type DatabaseConnectionSettings } from './connection-settings';
import type { ApproveDatabaseTarget, DatabaseTarget } from './database-target';
import { columnsOf, jsonRow, statusForSqlState, type ResultSet } from './sql-results';

export interface DatabaseDriverOptions {
  catalog: Catalog;
  /** The egress check of the tenant's host; the driver connects only to the address it returns. */
  approveTarget: ApproveDatabaseTarget;
  /** Time to open the connection and log in. Default 10 s. */
  connectTimeoutMs?: number;
}

export interface DatabaseDriver {
  executeAction(call: ExecuteActionCall): Promise<ActionResult>;
}

const CURSOR = 'causeway_rows';

const LIST_TABLES = `SELECT table_schema AS schema, table_name AS name, table_type AS type
  FROM information_schema.tables
  WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND ($1::text IS NULL OR table_schema = $1)
  ORDER BY table_schema, table_name`;

const DESCRIBE_TABLE = `SELECT column_name AS name, data_type AS "dataType", is_nullable = 'YES' AS nullable, column_default AS "default"
  FROM information_schema.columns
  WHERE table_schema = $1 AND table_name = $2
  ORDER BY ordinal_position`;

/**
 * Runs a database provider's typed actions (PostgreSQL) with the guard rails its definition
 * declares, on one short-lived connection per call:
 * - the host passes the egress check first, and the socket goes to the approved address;
 * - every call is one transaction: `BEGIN READ ONLY` (and a session whose default is read-only)
 *   unless the action is `execute` on a connection an admin opened for writes;
 * - `statement_timeout` is set for the transaction only (`set_config(…, true)`, a bound value);
 * - a query is read through a cursor, `FETCH rowCap + 1`, so the server never sends more than
 *   the cap and the extra row says the result was cut;
 * - the agent's values travel as bind parameters of the extended protocol, which also refuses
 *   a second statement smuggled after a `;`.
 * Failures are values: SQLSTATEs go through the provider's error rules.
 */
export function createPostgresDriver(options: DatabaseDriverOptions): DatabaseDriver {
  const compiler = createJsonSchemaCompiler();
  const validators = new WeakMap<DatabaseActionDefinition, ValidateFunction>();
  const inputValidator = (action: DatabaseActionDefinition) => {
    let validate = validators.get(action);
    if (!validate) validators.set(action, (validate = compiler.compile(action.inputSchema)));
    return validate;
  };

  async function executeAction(call: ExecuteActionCall): Promise<ActionResult> {
    const found = findDatabaseAction(options.catalog, call.action);
    if (!found) return failure(actionError('not_found', `unknown action "${call.action}"`));
    const { provider, settings, action } = found;
    if (action.authModes && !action.authModes.includes(call.credential.authMode)) {
      return failure(actionError('connection_required', `${action.id} cannot be called with the "${call.credential.authMode}" credential`));
    }

    let input: Record<string, unknown>;
    try {
      input = structuredClone(call.input ?? {}) as Record<string, unknown>;
    } catch {
      return failure(actionError('invalid_input', `input for ${action.id} must be plain JSON`));
    }
    const validate = inputValidator(action);
    if (!validate(input)) {
      const first = validate.errors?.[0];
      return failure(actionError('invalid_input', `input for ${action.id}: ${describeSchemaError(first)}`, { field: fieldOfSchemaError(first) }));
    }

    const connection = databaseConnectionSettings(provider, settings, call.connection ?? {}, call.credential);
    if (!connection.ok) return failure(connection.error);
    const writes = action.database.operation === 'execute';
    if (writes && !connection.value.readWrite) {
      return failure(
        actionError('forbidden', `this ${provider.name} connection is read-only; an admin must set its access to read_write before ${action.id} can run`),
      );
    }

    let target: DatabaseTarget;
    try {
      target = await options.approveTarget(connection.value.host, connection.value.port);
    } catch (error) {
      return failure(refusal(error, provider));
    }

    const timeoutMs = Math.min(
      typeof input['timeoutMs'] === 'number' ? input['timeoutMs'] : settings.statementTimeout.defaultMs,
      settings.statementTimeout.maxMs,
      call.timeoutMs ?? Number.POSITIVE_INFINITY,
    );
    const rowCap = Math.min(typeof input['maxRows'] === 'number' ? input['maxRows'] : settings.rowCap.default, settings.rowCap.max);
    const client = new Client(clientConfig(connection.value, target, writes, options.connectTimeoutMs ?? 10_000, timeoutMs));
    // pg reports a dropped connection as an 'error' event; the pending query rejects as well.
    client.on('error', () => undefined);
    const abort = () => void client.end().catch(() => undefined);
    call.signal?.addEventListener('abort', abort, { once: true });
    try {
      await client.connect();
    } catch (error) {
      call.signal?.removeEventListener('abort', abort);
      await client.end().catch(() => undefined);
      return failure(databaseFailure(error, provider, call.signal?.aborted === true));
    }
    try {
      await client.query(writes ? 'BEGIN READ WRITE' : 'BEGIN READ ONLY');
      await client.query({ text: "SELECT set_config('statement_timeout', $1, true)", values: [String(Math.max(1, Math.floor(timeoutMs)))] });
      const data = await run(client, action, input, rowCap);
      await client.query(writes ? 'COMMIT' : 'ROLLBACK');
      if (!data.ok) return failure(data.error);
      return { ok: true, data: data.value, upstreamStatus: 200 };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      return failure(databaseFailure(error, provider, call.signal?.aborted === true));
    } finally {
      call.signal?.removeEventListener('abort', abort);
      await client.end().catch(() => undefined);
    }
  }

  return { executeAction };
}

/** The action and its provider's database settings, when `id` names a database action. */
export function findDatabaseAction(
  catalog: Catalog,
  id: string,
): { provider: ProviderDefinition; settings: DatabaseSettings; action: DatabaseActionDefinition } | undefined {
  const provider = catalog.provider(id.split('.')[0] ?? '');
  const settings = provider?.database;
  const action = settings?.actions.find((candidate) => candidate.id === id);
  return provider && settings && action ? { provider, settings, action } : undefined;
}

async function run(
  client: Client,
  action: DatabaseActionDefinition,
  input: Record<string, unknown>,
  rowCap: number,
): Promise<{ ok: true; value: ResultSet } | { ok: false; error: ActionError }> {
  const params = Array.isArray(input['params']) ? (input['params'] as unknown[]) : [];
  switch (action.database.operation) {
    case 'query':
      return { ok: true, value: await fetchCapped(client, String(input['sql']), params, rowCap) };
    case 'list_tables':
      return { ok: true, value: await fetchCapped(client, LIST_TABLES, [input['schema'] ?? null], rowCap) };
    case 'describe_table': {
      const described = await fetchCapped(client, DESCRIBE_TABLE, [input['schema'] ?? 'public', input['table']], rowCap);
      if (described.rows.length === 0)
        return {
          ok: false,
          error: actionError(
            'upstream_not_found',
            `no table "${String(input['schema'] ?? 'public')}.${String(input['table'])}" is visible to this connection's role`,
          ),
        };
      return { ok: true, value: described };
    }
    case 'execute': {
      const result = await client.query(extended(String(input['sql']), params));
      const rows = result.rows ?? [];
      return {
        ok: true,
        value: {
          columns: columnsOf(result.fields ?? []),
          rows: rows.slice(0, rowCap).map(jsonRow),
          rowCount: result.rowCount ?? rows.length,
          truncated: rows.length > rowCap,
        },
      };
    }
  }
}

/** A query through a cursor: the server sends at most `rowCap + 1` rows; the extra one only says "there were more". */
async function fetchCapped(client: Client, sql: string, params: unknown[], rowCap: number): Promise<ResultSet> {
  // The agent's SQL ends the statement: nothing is appended after it, and the extended
  // protocol refuses a second statement, so it cannot close the cursor's transaction early.
  await client.query(extended(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${sql}`, params));
  const fetched = await client.query(`FETCH FORWARD ${rowCap + 1} FROM ${CURSOR}`);
  await client.query(`CLOSE ${CURSOR}`);
  const truncated = fetched.rows.length > rowCap;
  const rows = fetched.rows.slice(0, rowCap).map(jsonRow);
  return { columns: columnsOf(fetched.fields), rows, rowCount: rows.length, truncated };
}

/**
 * Always the extended protocol (Parse/Bind/Execute), even without values: it binds them, and it
 * refuses more than one statement. `queryMode` exists in pg 8.12+ but not in @types/pg.
 */
function extended(text: string, values: unknown[]): QueryConfig {
  const config: QueryConfig & { queryMode: 'extended' } = { text, values, queryMode: 'extended' };
  return config;
}

function clientConfig(
  settings: DatabaseConnectionSettings,
  target: DatabaseTarget,
  writes: boolean,
  connectTimeoutMs: number,
  statementTimeoutMs: number,
): ClientConfig {
  return {
    // The approved address, not the name: no second DNS answer for a rebinding attacker.
    host: target.address,
    port: target.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
    ssl:
      settings.sslmode === 'disable'
        ? false
        : settings.sslmode === 'require'
          ? { rejectUnauthorized: false }
          : { rejectUnauthorized: true, servername: settings.host },
    connectionTimeoutMillis: connectTimeoutMs,
    // A client-side bound in case the server never answers (a dead link): the server's own
    // statement_timeout should always fire first.
    query_timeout: statementTimeoutMs + 5_000,
    application_name: 'causeway',
    // The session's default too, so even a transaction opened without READ ONLY cannot write.
    options: writes ? undefined : '-c default_transaction_read_only=on',
  };
}

/** An egress refusal or a resolution failure, as the contract error it carries. */
function refusal(error: unknown, provider: ProviderDefinition): ActionError {
  const code = (error as { errorCode?: unknown }).errorCode;
  if (typeof code === 'string' && code in ERROR_CODES) return actionError(code as ErrorCode, `${provider.name}: ${(error as Error).message}`);
  return actionError('upstream_unavailable', `could not reach ${provider.name}`);
}

/** A server error (with a SQLSTATE) through the provider's rules; anything else is the network. */
function databaseFailure(error: unknown, provider: ProviderDefinition, cancelled: boolean): ActionError {
  if (cancelled) return actionError('upstream_timeout', `the call to ${provider.name} was cancelled`);
  const { code, message, column } = error as { code?: unknown; message?: unknown; column?: unknown };
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    const normalized = normalizeUpstreamError(
      provider.name,
      provider.errors,
      { status: statusForSqlState(code), headers: {}, body: { code, message, column } },
      undefined,
      Date.now(),
    );
    // The status was only a stand-in for the SQLSTATE class; no HTTP exchange took place.
    const { upstreamStatus: _status, ...rest } = normalized.error;
    return rest;
  }
  if (/query read timeout|timeout/i.test(String(message))) return actionError('upstream_timeout', `${provider.name} did not answer in time`);
  const reason = typeof code === 'string' ? code : 'connection failed';
  return actionError('upstream_unavailable', `could not reach ${provider.name} (${reason})`);
}

function failure(error: ActionError): ActionResult {
  return { ok: false, error };
}
