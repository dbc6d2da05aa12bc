import type { DatabaseSettings } from '../definition/database';
import type { ProviderDefinition } from '../definition/provider';
import { matchesParamPattern } from '../definition/url-templates';
import { actionError } from '../engine/action-error';
import type { ActionError, ConnectionContext, Credential } from '../engine/types';

export type SslMode = 'verify-full' | 'require' | 'disable';

/** Everything one call needs to reach the tenant's database, read from the connection. */
export interface DatabaseConnectionSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  sslmode: SslMode;
  /** Only `read_write` connections accept writes; the default is read-only. */
  readWrite: boolean;
}

/**
 * Reads the admin's connection parameters (each checked against the pattern the definition
 * declares) and the stored login. A missing or malformed value is `connection_required`: the
 * connection needs fixing, not the call.
 */
export function databaseConnectionSettings(
  provider: ProviderDefinition,
  settings: DatabaseSettings,
  connection: ConnectionContext,
  credential: Credential,
): { ok: true; value: DatabaseConnectionSettings } | { ok: false; error: ActionError } {
  const mode = provider.authModes.find((candidate) => candidate.id === credential.authMode);
  if (mode?.type !== 'database_password' || credential.kind !== 'basic') {
    return {
      ok: false,
      error: actionError('connection_required', `${provider.name} connections log in with a database role and password (auth mode "password")`),
    };
  }
  const params = connection.params ?? {};
  const read = (name: string, fallback?: string): string | ActionError => {
    const value = params[name] ?? fallback;
    if (value === undefined || value === '')
      return actionError('connection_required', `the ${provider.name} connection lacks "${name}"; finish connecting it before calling this action`);
    const pattern = provider.connectionParams[name]?.pattern;
    if (pattern !== undefined && !matchesParamPattern(pattern, value))
      return actionError('connection_required', `the ${provider.name} connection's "${name}" is not a valid value; fix the connection`);
    return value;
  };
  const host = read('host');
  const port = read('port', '5432');
  const database = read('database');
  const sslmode = read('sslmode', settings.tls.default);
  const access = read('access', settings.readOnly.default ? 'read_only' : 'read_write');
  for (const value of [host, port, database, sslmode, access]) if (typeof value !== 'string') return { ok: false, error: value };
  const portNumber = Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65_535)
    return { ok: false, error: actionError('connection_required', `the ${provider.name} connection's "port" is not a valid value; fix the connection`) };
  return {
    ok: true,
    value: {
      host: host as string,
      port: portNumber,
      database: database as string,
      user: credential.username,
      password: credential.password,
      sslmode: sslmode as SslMode,
      readWrite: access === 'read_write',
    },
  };
}
