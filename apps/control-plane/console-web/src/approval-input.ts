/** One field of a held call's input, labelled from the tool's input schema. */
export interface InputField {
  name: string;
  /** The schema's title, else the field name. */
  label: string;
  description: string | null;
  /** Strings as they are; anything else as JSON. */
  value: string;
  /** The schema does not name this field (an approver should look twice). */
  unexpected: boolean;
  /** The schema lists it as required but the call left it out. */
  missing: boolean;
}

interface PropertySchema {
  title?: unknown;
  description?: unknown;
}

function parseObject(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

/**
 * The exact input of a held call laid out against the tool's JSON Schema: the schema's fields
 * first, in its order, then anything the schema does not name. Without a schema (a raw proxy
 * call, a tenant connector) every field is listed as it came.
 */
export function formatInput(inputJson: string, schemaJson: string | null): InputField[] {
  const input = parseObject(inputJson) ?? {};
  const schema = parseObject(schemaJson);
  const declared = schema?.properties;
  const properties = (declared && typeof declared === 'object' && !Array.isArray(declared) ? declared : {}) as Record<string, PropertySchema>;
  const required = new Set(Array.isArray(schema?.required) ? (schema.required as unknown[]).filter((r): r is string => typeof r === 'string') : []);
  const fields: InputField[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const present = Object.prototype.hasOwnProperty.call(input, name);
    if (!present && !required.has(name)) continue;
    fields.push({
      name,
      label: text(property?.title) ?? name,
      description: text(property?.description),
      value: present ? show(input[name]) : '',
      unexpected: false,
      missing: !present,
    });
  }
  for (const [name, value] of Object.entries(input)) {
    if (name in properties) continue;
    fields.push({ name, label: name, description: null, value: show(value), unexpected: schema !== null, missing: false });
  }
  return fields;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** The input as indented JSON, for the raw view; the stored text when it is not JSON. */
export function prettyJson(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}
