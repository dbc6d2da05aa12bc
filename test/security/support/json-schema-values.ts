/**
 * Minimal valid values for a JSON Schema (OpenAPI components, MCP input schemas), with the
 * same notion of *id slot* as the GraphQL generator: a string property or parameter whose
 * format is `uuid` or whose name says it holds an id. Slots are numbered in walk order, so a
 * sweep can put a foreign id in one slot at a time.
 */

export type JsonSchema = Record<string, unknown>;

/**
 * A string that holds one of our ids, by its name: `id`, `connectionId`, `Approval-Id`,
 * `onBehalfOf`, or a list of them (`allowedConnections`, `keys`). A vendor's ids (`clientId`,
 * `recordId`) and the caller's own labels (`X-Workflow-Run-Id`) are not ours.
 */
export const ID_LIKE_NAME =
  /(^id$|(user|key|connection|role|approval|tenant|member|owner|actor|target|event)[-_]?ids?$|^onBehalfOf$|^(allowed)?(connections|keys|users|members)$)/i;

export interface SlotFill {
  /** The value for slot `index`, or undefined to leave an optional slot out (a required one gets `filler`). */
  slotValue?: (index: number) => string | undefined;
  filler: string;
}

export function isIdSlot(name: string, schema: JsonSchema | undefined): boolean {
  return ID_LIKE_NAME.test(name) || schema?.format === 'uuid';
}

export class SchemaValues {
  private slot = 0;

  constructor(
    private readonly fill: SlotFill,
    private readonly resolveRef: (ref: string) => JsonSchema = () => ({}),
  ) {}

  get slots(): number {
    return this.slot;
  }

  /** The next slot's value: the swept id, the filler when required, or nothing. */
  idSlot(required: boolean): string | undefined {
    const index = this.slot++;
    const value = this.fill.slotValue?.(index);
    return value ?? (required ? this.fill.filler : undefined);
  }

  /** A value for `schema`; undefined when it is optional and nothing inside it is an id slot. */
  valueOf(name: string, schema: JsonSchema | undefined, required: boolean): unknown {
    if (!schema) return required ? 'sweep' : undefined;
    if (typeof schema.$ref === 'string') return this.valueOf(name, this.resolveRef(schema.$ref), required);
    const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (alternatives?.length) return this.valueOf(name, alternatives.find((s) => s.type !== 'null') ?? alternatives[0], required);
    if (Array.isArray(schema.allOf) && schema.allOf.length) return this.valueOf(name, Object.assign({}, ...(schema.allOf as JsonSchema[])), required);
    const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : (schema.type as string | undefined);
    if ((type === 'string' || type === undefined) && isIdSlot(name, schema)) return this.idSlot(required);
    if (type === 'object' || (type === undefined && schema.properties)) return this.objectOf(schema, required);
    if (!required) return undefined;
    if (schema.const !== undefined) return schema.const;
    if (Array.isArray(schema.enum)) return schema.enum[0];
    if (schema.default !== undefined) return schema.default;
    if (schema.examples && Array.isArray(schema.examples)) return schema.examples[0];
    switch (type) {
      case 'integer':
      case 'number':
        return typeof schema.minimum === 'number' ? schema.minimum : 1;
      case 'boolean':
        return false;
      case 'array': {
        const item = this.valueOf(name, schema.items as JsonSchema | undefined, true);
        return typeof schema.minItems === 'number' && schema.minItems > 0 ? [item] : [];
      }
      case 'null':
        return null;
      default:
        return stringFor(name, schema);
    }
  }

  private objectOf(schema: JsonSchema, required: boolean): Record<string, unknown> | undefined {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const requiredNames = new Set((schema.required ?? []) as string[]);
    const object: Record<string, unknown> = {};
    for (const [property, propertySchema] of Object.entries(properties)) {
      const value = this.valueOf(property, propertySchema, requiredNames.has(property));
      if (value !== undefined) object[property] = value;
    }
    return required || Object.keys(object).length > 0 ? object : undefined;
  }
}

function stringFor(name: string, schema: JsonSchema): string {
  if (schema.format === 'date-time') return new Date().toISOString();
  if (schema.format === 'uri' || /url$/i.test(name)) return 'http://127.0.0.1:9/';
  if (schema.format === 'email') return 'sweep@alpha.test';
  const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
  return 'sweep'.padEnd(min, 'x');
}
