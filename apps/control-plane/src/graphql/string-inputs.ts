import {
  BREAK,
  TypeInfo,
  isInputObjectType,
  isListType,
  isNonNullType,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/** Bounds on every String (and ID) input, in arguments, input objects and variables alike. */
export const STRING_INPUT_LIMITS = {
  /** Names and identifiers: they are indexed, and a btree entry holds at most ~2.7 kB. */
  identifier: 200,
  /** Everything else: notes, JSON documents (connection params, action input), PEM keys. */
  text: 16_384,
  /** Uploaded documents (a tenant connector's OpenAPI document and overlay); their own service checks them in detail. */
  document: 2 * 1024 * 1024,
} as const;

/** Input fields held to the document bound. */
const DOCUMENT_NAMES = new Set(['openApiDocument', 'overlayDocument']);

/** Input fields and arguments held to the identifier bound. */
const IDENTIFIER_NAMES = new Set(['name', 'slug', 'email', 'adminEmail', 'tenant', 'provider', 'tool', 'label', 'title', 'keyId', 'id']);

export interface OverlongString {
  /** The argument, dotted into input objects: `input.name`. */
  field: string;
  limit: number;
}

/** The first string input over its bound, with the values the operation is run with. */
export function findOverlongString(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined): OverlongString | undefined {
  const typeInfo = new TypeInfo(schema);
  let found: OverlongString | undefined;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (!argument) return undefined;
        found = overlong(valueFromAST(node.value, argument.type, variables), argument.type, argument.name);
        return found ? BREAK : undefined;
      },
    }),
  );
  return found;
}

function overlong(value: unknown, type: GraphQLInputType, path: string): OverlongString | undefined {
  if (value === null || value === undefined) return undefined;
  if (isNonNullType(type)) return overlong(value, type.ofType, path);
  if (isListType(type)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      const found = overlong(item, type.ofType, path);
      if (found) return found;
    }
    return undefined;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return undefined;
    for (const [name, field] of Object.entries(type.getFields())) {
      const found = overlong((value as Record<string, unknown>)[name], field.type, `${path}.${name}`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  const name = path.slice(path.lastIndexOf('.') + 1);
  const limit = IDENTIFIER_NAMES.has(name)
    ? STRING_INPUT_LIMITS.identifier
    : DOCUMENT_NAMES.has(name)
      ? STRING_INPUT_LIMITS.document
      : STRING_INPUT_LIMITS.text;
  return value.length > limit ? { field: path, limit } : undefined;
}
