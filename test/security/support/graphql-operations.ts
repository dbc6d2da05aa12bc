import { ID_LIKE_NAME } from './json-schema-values';
import {
  getIntrospectionQuery,
  type IntrospectionField,
  type IntrospectionInputValue,
  type IntrospectionQuery,
  type IntrospectionType,
  type IntrospectionTypeRef,
} from 'graphql';

/**
 * Builds GraphQL operations from the served schema (introspection), so a sweep covers every
 * query and mutation, including ones added after the test was written.
 *
 * An *id slot* is a place in the arguments that names a tenant-scoped object: an argument or
 * input field of type `ID`, or a `String` whose name says it holds an id (`keyId`, `userId`,
 * `onBehalfOf`). The sweep fills one slot at a time with another tenant's id.
 */

export type Schema = IntrospectionQuery['__schema'];
export type OperationKind = 'query' | 'mutation';

export interface Operation {
  kind: OperationKind;
  field: IntrospectionField;
}

/** What to put where the generator needs a value. */
export interface ValueChoices {
  /** The value of the slot being swept; undefined for the others (required ones get `filler`). */
  slotValue?: (slotIndex: number) => string | undefined;
  /** A syntactically valid id that names nothing (required slots not being swept). */
  filler: string;
  /** A tenant slug, for `tenant`/`slug` arguments. */
  tenantSlug: string;
  /** Every URL-valued argument: a closed port on loopback, so a mistake reaches nothing. */
  url: string;
}

export interface BuiltOperation {
  document: string;
  variables: Record<string, unknown>;
  /** How many id slots the arguments have (the generator's walk order numbers them). */
  slots: number;
}

const URL_LIKE_NAME = /(url|uri|issuer|endpoint)$/i;

export async function introspect(post: (query: string) => Promise<{ data?: unknown; errors?: unknown[] }>): Promise<Schema> {
  const result = await post(getIntrospectionQuery({ descriptions: false }));
  if (!result.data) throw new Error(`introspection failed: ${JSON.stringify(result.errors)}`);
  return (result.data as IntrospectionQuery).__schema;
}

export function operationsOf(schema: Schema): Operation[] {
  const roots: [OperationKind, string | undefined][] = [
    ['query', schema.queryType?.name],
    ['mutation', schema.mutationType?.name ?? undefined],
  ];
  return roots.flatMap(([kind, name]) => (name ? fieldsOf(schema, name).map((field) => ({ kind, field })) : []));
}

function typeNamed(schema: Schema, name: string): IntrospectionType {
  const type = schema.types.find((t) => t.name === name);
  if (!type) throw new Error(`no type ${name} in the schema`);
  return type;
}

function fieldsOf(schema: Schema, name: string): IntrospectionField[] {
  const type = typeNamed(schema, name);
  return 'fields' in type && type.fields ? [...type.fields] : [];
}

function namedType(ref: IntrospectionTypeRef): { name: string; kind: string } {
  let current: IntrospectionTypeRef = ref;
  while (current.kind === 'NON_NULL' || current.kind === 'LIST') current = (current as { ofType: IntrospectionTypeRef }).ofType;
  return { name: (current as { name: string }).name, kind: current.kind };
}

function typeString(ref: IntrospectionTypeRef): string {
  if (ref.kind === 'NON_NULL') return `${typeString((ref as { ofType: IntrospectionTypeRef }).ofType)}!`;
  if (ref.kind === 'LIST') return `[${typeString((ref as { ofType: IntrospectionTypeRef }).ofType)}]`;
  return (ref as { name: string }).name;
}

const isRequired = (ref: IntrospectionTypeRef) => ref.kind === 'NON_NULL';

/** Every scalar and enum field reachable without arguments, `depth` levels down. */
export function selectionOf(schema: Schema, ref: IntrospectionTypeRef, depth = 4): string {
  const { name, kind } = namedType(ref);
  if (kind === 'SCALAR' || kind === 'ENUM') return '';
  if (kind === 'UNION' || kind === 'INTERFACE') return '{ __typename }';
  if (depth === 0) return '{ __typename }';
  const parts = fieldsOf(schema, name)
    .filter((f) => f.args.every((a) => !isRequired(a.type)))
    .map((f) => {
      const inner = namedType(f.type);
      if (inner.kind === 'SCALAR' || inner.kind === 'ENUM') return f.name;
      return `${f.name} ${selectionOf(schema, f.type, depth - 1)}`;
    });
  return `{ __typename ${parts.join(' ')} }`;
}

/** True when the operation can be called with no arguments (a listing a tenant reads). */
export function takesNoRequiredArguments(op: Operation): boolean {
  return op.field.args.every((a) => !isRequired(a.type));
}

/**
 * The operation with every required argument filled, every id slot numbered in walk order.
 * Optional arguments are left out unless they are id slots (or hold one), so each foreign id
 * reaches the resolver.
 */
export function buildOperation(schema: Schema, op: Operation, choices: ValueChoices): BuiltOperation {
  let slot = 0;
  /** The swept id for this slot; otherwise the filler where required, nothing where optional. */
  const nextSlot = (required: boolean) => {
    const index = slot++;
    const value = choices.slotValue?.(index);
    return value ?? (required ? choices.filler : undefined);
  };

  const valueFor = (name: string, ref: IntrospectionTypeRef, required: boolean): { value?: unknown } => {
    if (ref.kind === 'NON_NULL') return valueFor(name, (ref as { ofType: IntrospectionTypeRef }).ofType, true);
    if (ref.kind === 'LIST') {
      const inner = valueFor(name, (ref as { ofType: IntrospectionTypeRef }).ofType, required);
      return inner.value === undefined ? (required ? { value: [] } : {}) : { value: [inner.value] };
    }
    const { name: typeName, kind } = namedType(ref);
    if (kind === 'INPUT_OBJECT') {
      const type = typeNamed(schema, typeName) as IntrospectionType & { inputFields: IntrospectionInputValue[] };
      const object: Record<string, unknown> = {};
      for (const field of type.inputFields) {
        const value = valueFor(field.name, field.type, isRequired(field.type));
        if (value.value !== undefined) object[field.name] = value.value;
      }
      return required || Object.keys(object).length > 0 ? { value: object } : {};
    }
    if (kind === 'ENUM') {
      if (!required) return {};
      const type = typeNamed(schema, typeName) as IntrospectionType & { enumValues: { name: string }[] };
      return { value: type.enumValues[0].name };
    }
    const idSlot = typeName === 'ID' || (typeName === 'String' && ID_LIKE_NAME.test(name));
    if (idSlot) {
      const value = nextSlot(required);
      return value === undefined ? {} : { value };
    }
    if (!required) return {};
    return { value: scalarFor(name, typeName, choices) };
  };

  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const argumentsText: string[] = [];
  op.field.args.forEach((arg, index) => {
    const value = valueFor(arg.name, arg.type, isRequired(arg.type));
    if (value.value === undefined) return;
    variables[`v${index}`] = value.value;
    declarations.push(`$v${index}: ${typeString(arg.type)}`);
    argumentsText.push(`${arg.name}: $v${index}`);
  });
  const document = `${op.kind}${declarations.length ? `(${declarations.join(', ')})` : ''} { ${op.field.name}${argumentsText.length ? `(${argumentsText.join(', ')})` : ''} ${selectionOf(schema, op.field.type)} }`;
  return { document, variables, slots: slot };
}

/**
 * Valid values for the string arguments that validation checks before any id is looked up, so
 * the foreign id reaches the lookup instead of the call stopping at "unknown provider". Keyed
 * by argument name, not by operation: a new operation with these names benefits too.
 */
const KNOWN_GOOD_STRINGS: Record<string, string> = {
  provider: 'slack',
  kind: 'shared',
  role: 'developer',
  permissions: 'read:Tool',
  scopes: 'call:Tool',
  allowedTools: 'slack.*',
  allowedDomains: 'alpha.test',
  tools: 'slack.post_message',
  sideEffects: 'destructive',
  connectors: 'slack',
  name: 'sweep',
};

function scalarFor(name: string, typeName: string, choices: ValueChoices): unknown {
  switch (typeName) {
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTime':
      return new Date().toISOString();
    case 'JSON':
    case 'JSONObject':
      return {};
  }
  if (name in KNOWN_GOOD_STRINGS) return KNOWN_GOOD_STRINGS[name];
  if (/^(tenant|slug|tenantSlug)$/.test(name)) return choices.tenantSlug;
  if (URL_LIKE_NAME.test(name)) return choices.url;
  if (/email/i.test(name)) return 'sweep@alpha.test';
  if (/password|secret/i.test(name)) return 'Sweep-password-0123456789';
  if (/^(params|serverOverrides|input|filter)$/.test(name)) return '{}';
  return 'sweep';
}
