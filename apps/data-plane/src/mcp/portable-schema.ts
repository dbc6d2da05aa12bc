import type { JsonSchema } from '@causeway/connectors';

/** Keywords whose value is one subschema. */
const SUBSCHEMA = [
  'items',
  'additionalProperties',
  'not',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'if',
  'then',
  'else',
] as const;
/** Keywords whose value is a list of subschemas. */
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
/** Keywords whose value maps names to subschemas. */
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
/** Annotations that describe the whole value, so they stay outside the `anyOf` a nullable type becomes. */
const ANNOTATIONS = ['title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly'] as const;

/**
 * The same schema without `type: [..., "null"]` unions: each becomes
 * `anyOf: [{ type: ... }, { type: "null" }]`, which accepts exactly the same values.
 *
 * Why: a type array is valid JSON Schema, but several MCP hosts and the MCP Inspector handle
 * only a single `type` (the Inspector warns, some model APIs reject the tool), while `anyOf`
 * with a `null` branch is read by all of them. The catalog keeps the compact form; only what
 * MCP publishes is rewritten, so REST's `GET /v1/tools` and the validators are untouched.
 */
export function portableSchema(schema: JsonSchema): JsonSchema {
  if (!isRecord(schema)) return schema;
  const out: Record<string, unknown> = { ...schema };
  for (const key of SUBSCHEMA) if (isRecord(out[key])) out[key] = portableSchema(out[key] as JsonSchema);
  for (const key of SUBSCHEMA_LISTS) if (Array.isArray(out[key])) out[key] = (out[key] as JsonSchema[]).map(portableSchema);
  for (const key of SUBSCHEMA_MAPS) {
    if (isRecord(out[key]))
      out[key] = Object.fromEntries(Object.entries(out[key] as Record<string, JsonSchema>).map(([name, sub]) => [name, portableSchema(sub)]));
  }
  const type = out['type'];
  if (!Array.isArray(type) || !type.includes('null')) return out as JsonSchema;
  const others = type.filter((t) => t !== 'null');
  if (others.length === 0) return { ...out, type: 'null' } as JsonSchema;
  const annotations: Record<string, unknown> = {};
  for (const key of ANNOTATIONS) {
    if (key in out) {
      annotations[key] = out[key];
      delete out[key];
    }
  }
  // Without its type, `{ ...out }` is the non-null branch's constraints (enum, format, minLength, ...).
  const nonNull = { ...out, type: others.length === 1 ? others[0] : others };
  return { ...annotations, anyOf: [nonNull, { type: 'null' }] } as JsonSchema;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
