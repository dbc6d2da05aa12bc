import type { FieldDef } from 'pg';

/** Names of the common built-in types by OID (pg_type); others are shown as `oid:<n>`. */
const TYPE_NAMES: Record<number, string> = {
  16: 'boolean',
  17: 'bytea',
  18: 'char',
  19: 'name',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  25: 'text',
  26: 'oid',
  114: 'json',
  700: 'real',
  701: 'double precision',
  1042: 'character',
  1043: 'character varying',
  1082: 'date',
  1083: 'time',
  1114: 'timestamp',
  1184: 'timestamptz',
  1186: 'interval',
  1700: 'numeric',
  2950: 'uuid',
  3802: 'jsonb',
  1009: 'text[]',
  1007: 'integer[]',
  1016: 'bigint[]',
};

export interface ResultSet {
  columns: Array<{ name: string; dataType: string }>;
  rows: Array<Record<string, unknown>>;
  rowCount: number;
  truncated: boolean;
}

export function columnsOf(fields: ReadonlyArray<FieldDef>): ResultSet['columns'] {
  return fields.map((field) => ({ name: field.name, dataType: TYPE_NAMES[field.dataTypeID] ?? `oid:${field.dataTypeID}` }));
}

/**
 * A row as JSON an agent can read: node-postgres gives Dates for timestamps and Buffers for
 * bytea; bigint and numeric already come as strings (no precision lost).
 */
export function jsonRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = jsonValue(value);
  return out;
}

function jsonValue(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Buffer.isBuffer(value)) return { base64: value.toString('base64') };
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(jsonValue);
  return value;
}

/** The pseudo HTTP status a SQLSTATE class stands for, so unmapped codes take the engine's defaults. */
export function statusForSqlState(code: string | undefined): number {
  switch (code?.slice(0, 2)) {
    case '08': // connection exception
    case '53': // insufficient resources
    case '57': // operator intervention (57014, cancelled, has its own rule)
      return 503;
    case '28':
      return 401;
    case '25':
    case '42':
      return code === '42501' ? 403 : code?.startsWith('25') ? 403 : 400;
    case '22': // data exception
    case '21': // cardinality
    case '0A': // feature not supported
    case '34': // invalid cursor name
      return 400;
    case '23': // integrity constraint
    case '40': // transaction rollback
      return 409;
    default:
      return 500;
  }
}
