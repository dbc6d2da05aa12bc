import { z } from 'zod';
import type { JsonSchema } from '@causeway/connectors';
import { AppError } from '@causeway/platform';
import { actionRequestSchema, parseActionRequest, type ActionRequest } from '../actions/action-request';

/**
 * What REST sends beside `input` (`connectionId`, `onBehalfOf`, `cursor`) reaches an MCP call
 * two ways:
 * - the model puts it in the arguments as `_causeway: { … }`; the leading underscore keeps it
 *   clear of every connector's own parameter names;
 * - the host puts it in the request's `_meta` as `causeway/connectionId`, … — a host that
 *   knows which end user it serves should not have to trust the model to say so.
 * If both give a field, they must agree: silently preferring one would run the call on a
 * connection the other side did not choose.
 */
export const CAUSEWAY_ARGUMENT = '_causeway';

export const CALL_OPTION_FIELDS = ['connectionId', 'onBehalfOf', 'cursor'] as const;
type CallOptionField = (typeof CALL_OPTION_FIELDS)[number];
type CallOptions = Partial<Record<CallOptionField, string>>;

export const metaKey = (field: CallOptionField) => `causeway/${field}`;

/** The same field rules as the REST body, so a value valid on one surface is valid on the other. */
const callOptionsSchema = actionRequestSchema.pick({ connectionId: true, onBehalfOf: true, cursor: true });

const fieldDescriptions: Record<CallOptionField, string> = {
  connectionId:
    'ID of the connection to run on, when more than one is available for this provider. Omit to use the shared connection. Example: "5b0e8a52-3c1d-4f7e-9a61-2d4c8e1f0a93".',
  onBehalfOf:
    'The end user this call is for, as a Causeway user id or your own user reference (e.g. "ada@example.com"): runs on that user\'s own connection. connection_required means they have not connected yet: ask them to.',
  cursor: "A previous result's nextCursor, to fetch the next page. Same as the tool's own `cursor` argument where it has one.",
};

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema) as JsonSchema;
  return rest;
}

/** The `_causeway` property added to every MCP input schema; generated from the REST rules. */
export const causewayArgumentSchema: JsonSchema = (() => {
  const generated = jsonSchemaOf(callOptionsSchema) as { properties: Record<string, JsonSchema> } & JsonSchema;
  const properties = Object.fromEntries(CALL_OPTION_FIELDS.map((field) => [field, { ...generated.properties[field], description: fieldDescriptions[field] }]));
  return {
    ...generated,
    properties,
    description: 'Optional. Which connection Causeway runs this call on; not sent to the provider. Omit it unless you need it.',
  };
})();

function parseOptions(value: unknown, fieldOf: (field: string) => string): CallOptions {
  const parsed = callOptionsSchema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '');
  const field = fieldOf(path);
  throw new AppError('invalid_input', `${field}: ${issue.message}`, { field });
}

/** Where an option came from, as the model or host would name it in a fix. */
export const argumentField = (field: string) => (field ? `${CAUSEWAY_ARGUMENT}.${field}` : CAUSEWAY_ARGUMENT);
const metaField = (field: string) => `_meta.${metaKey(field as CallOptionField)}`;

/** Turns MCP `arguments` and `_meta` into the same request REST's body parses into. */
export function toActionRequest(args: Record<string, unknown> | undefined, meta: Record<string, unknown> | undefined): ActionRequest {
  const { [CAUSEWAY_ARGUMENT]: fromArguments, ...input } = args ?? {};
  const fromModel = parseOptions(fromArguments, argumentField);
  const fromHost = parseOptions(
    Object.fromEntries(CALL_OPTION_FIELDS.flatMap((field) => (meta?.[metaKey(field)] === undefined ? [] : [[field, meta[metaKey(field)]]]))),
    metaField,
  );
  for (const field of CALL_OPTION_FIELDS) {
    const [a, b] = [fromModel[field], fromHost[field]];
    if (a !== undefined && b !== undefined && a !== b) {
      throw new AppError('invalid_input', `${argumentField(field)} differs from ${metaField(field)} set by the host: leave it out`, { field: argumentField(field) });
    }
  }
  return parseActionRequest({ input, ...fromHost, ...fromModel });
}
