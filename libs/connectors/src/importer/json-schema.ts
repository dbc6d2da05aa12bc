import { record } from './normalize-spec';

/**
 * Turns an OpenAPI schema (2.0, 3.0 or 3.1 dialect) into the part of JSON Schema 2020-12 the
 * catalog's strict ajv accepts. Only known keywords survive: vendor extensions (`x-…`),
 * `discriminator`, `xml` and unknown formats would fail a strict compile. `allOf` branches
 * are merged (properties and required united), `nullable` becomes a `null` type, and what
 * cannot be expressed safely (`oneOf` of objects) is left unconstrained rather than guessed.
 */
const KNOWN_FORMATS = new Set([
  'date',
  'time',
  'date-time',
  'duration',
  'uri',
  'uri-reference',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
  'regex',
  'int32',
  'int64',
  'float',
  'double',
  'byte',
  'password',
  'binary',
]);
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);
const MAX_DEPTH = 4;

export function toJsonSchema(raw: unknown, depth = 0): Record<string, unknown> {
  const schema = mergeAllOf(record(raw));
  const out: Record<string, unknown> = {};
  const type = readType(schema);
  if (type) out['type'] = type;
  if (typeof schema['description'] === 'string' && schema['description'].trim()) out['description'] = clip(schema['description'].trim(), 500);
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0 && schema['enum'].every(isPrimitive)) {
    // Specs list enum values of another type than they declare (`type: string`, `enum: [1, 2]`); those are dropped.
    const values: unknown[] = [...new Set(schema['enum'])].filter((value) => value === null || fitsType(value, type));
    if (schema['nullable'] === true && !values.includes(null)) values.push(null);
    if (values.some((value) => value !== null)) out['enum'] = values;
  }
  const format = schema['format'];
  if (typeof format === 'string' && KNOWN_FORMATS.has(format) && out['type'] === 'string' && ['date', 'date-time', 'email', 'uri', 'uuid'].includes(format))
    out['format'] = format;
  // strictTypes: a keyword is kept only beside the one type it applies to.
  const keywordsByType: Record<string, string[]> = {
    number: ['minimum', 'maximum'],
    integer: ['minimum', 'maximum'],
    string: ['minLength', 'maxLength'],
    array: ['minItems', 'maxItems'],
  };
  const single = typeof out['type'] === 'string' ? out['type'] : undefined;
  for (const key of single ? (keywordsByType[single] ?? []) : []) {
    if (typeof schema[key] === 'number' && Number.isFinite(schema[key])) out[key] = schema[key];
  }
  // Only a top-level pattern is kept: the importer checks its own example against it, and cannot
  // make up a value for a pattern deeper down (a list of UUID-shaped ids).
  if (depth === 0 && single === 'string' && typeof schema['pattern'] === 'string' && compiles(schema['pattern'])) out['pattern'] = schema['pattern'];
  if (depth >= MAX_DEPTH) return dropStructure(out);
  if (out['type'] === 'array' && schema['items'] !== undefined && !Array.isArray(schema['items'])) out['items'] = toJsonSchema(schema['items'], depth + 1);
  const properties = record(schema['properties']);
  if (out['type'] === 'object' && Object.keys(properties).length > 0) {
    out['properties'] = Object.fromEntries(
      Object.entries(properties)
        .slice(0, 200)
        .map(([name, child]) => [name, toJsonSchema(child, depth + 1)]),
    );
  }
  return out;
}

/** `allOf: [A, B]` is read as one object with both sets of properties; the rest of A wins. */
export function mergeAllOf(schema: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const parts = Array.isArray(schema['allOf']) ? schema['allOf'] : [];
  if (parts.length === 0 || depth > MAX_DEPTH) return schema;
  const merged: Record<string, unknown> = { ...schema };
  delete merged['allOf'];
  const properties: Record<string, unknown> = { ...record(schema['properties']) };
  const required = new Set<string>(Array.isArray(schema['required']) ? schema['required'] : []);
  for (const part of parts.map((item) => mergeAllOf(record(item), depth + 1))) {
    Object.assign(properties, record(part['properties']));
    for (const name of Array.isArray(part['required']) ? part['required'] : []) required.add(name);
    for (const [key, value] of Object.entries(part)) if (!(key in merged) && key !== 'properties' && key !== 'required') merged[key] = value;
  }
  if (Object.keys(properties).length > 0) {
    merged['properties'] = properties;
    merged['type'] ??= 'object';
  }
  if (required.size > 0) merged['required'] = [...required];
  return merged;
}

function readType(schema: Record<string, unknown>): string | string[] | undefined {
  const raw = schema['type'];
  const types = (Array.isArray(raw) ? raw : [raw]).filter((type): type is string => typeof type === 'string' && TYPES.has(type));
  if (types.length === 0) return schema['properties'] ? 'object' : undefined;
  if (schema['nullable'] === true && !types.includes('null')) types.push('null');
  return types.length === 1 ? types[0] : [...new Set(types)];
}

export function typeOf(schema: Record<string, unknown>): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  return Array.isArray(type) ? (type.find((entry) => entry !== 'null') as string | undefined) : undefined;
}

function dropStructure(schema: Record<string, unknown>): Record<string, unknown> {
  delete schema['items'];
  delete schema['properties'];
  return schema;
}

/** Whether a primitive value is of the declared type(s); true when no type is declared. */
export function fitsType(value: unknown, type: string | string[] | undefined): boolean {
  if (type === undefined) return true;
  const types = Array.isArray(type) ? type : [type];
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return types.some(
    (candidate) => candidate === actual || (candidate === 'integer' && Number.isInteger(value)) || (candidate === 'number' && actual === 'number'),
  );
}

function isPrimitive(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return pattern.length < 500;
  } catch {
    return false;
  }
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A value the schema accepts, for the `examples` every input needs: the spec's own example
 * or default when it has one, else one built from the type. The caller checks it with ajv
 * and loosens the schema when the guess is wrong (a pattern no simple value meets).
 */
export function exampleFor(schema: Record<string, unknown>, specExample: unknown, depth = 0): unknown {
  if (
    specExample !== undefined &&
    specExample !== null &&
    typeof specExample !== 'object' &&
    fitsType(specExample, schema['type'] as string | string[] | undefined) &&
    fitsBounds(specExample, schema)
  ) {
    return specExample;
  }
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0];
  const type = typeOf(schema);
  switch (type) {
    case 'integer':
    case 'number': {
      const minimum = typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
      return type === 'integer' ? Math.ceil(minimum) : minimum;
    }
    case 'boolean':
      return true;
    case 'array': {
      const items = record(schema['items']);
      const minItems = typeof schema['minItems'] === 'number' ? schema['minItems'] : 1;
      return depth > 4 ? [] : Array.from({ length: Math.max(1, Math.min(minItems, 3)) }, () => exampleFor(items, undefined, depth + 1));
    }
    case 'object':
      return {};
    case 'null':
      return null;
    case 'string':
      return stringExample(schema);
    default:
      return 'example';
  }
}

function fitsBounds(value: unknown, schema: Record<string, unknown>): boolean {
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) return false;
  if (typeof value === 'number')
    return !(typeof schema['minimum'] === 'number' && value < schema['minimum']) && !(typeof schema['maximum'] === 'number' && value > schema['maximum']);
  if (typeof value === 'string')
    return (
      !(typeof schema['minLength'] === 'number' && value.length < schema['minLength']) &&
      !(typeof schema['maxLength'] === 'number' && value.length > schema['maxLength']) &&
      !(typeof schema['format'] === 'string')
    );
  return true;
}

function stringExample(schema: Record<string, unknown>): string {
  switch (schema['format']) {
    case 'date':
      return '2024-01-31';
    case 'date-time':
      return '2024-01-31T12:00:00Z';
    case 'email':
      return 'someone@example.com';
    case 'uri':
      return 'https://example.com/';
    case 'uuid':
      return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
  }
  const minLength = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const base = 'example';
  return base.length >= minLength
    ? base.slice(0, typeof schema['maxLength'] === 'number' ? Math.max(schema['maxLength'], 1) : undefined)
    : base.padEnd(minLength, 'x');
}
