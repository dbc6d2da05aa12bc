import { z } from 'zod';
import type { JsonSchema } from '@causeway/connectors';
import { AppError, parseInput } from '@causeway/platform';
import { actionRequestSchema, optionalHeader, parseActionRequest, parseApprovalId, type ActionRequest } from '../actions/action-request';

/**
 * What REST sends beside `input` — `connectionId`, `onBehalfOf`, `cursor` in the body and
 * the `Idempotency-Key` header — reaches an MCP call two ways:
 * - the model puts it in the arguments as `_causeway: { … }`; the leading underscore keeps it
 *   clear of every connector's own parameter names;
 * - the host puts it in the request's `_meta` as `causeway/connectionId`, … — a host that
 *   knows which end user it serves should not have to trust the model to say so.
 * If both give a field they must agree: silently preferring one would run the call on a
 * connection, or under a key, the other side did not choose.
 */
export const CAUSEWAY_ARGUMENT = '_causeway';

export const CALL_OPTION_FIELDS = ['connectionId', 'onBehalfOf', 'cursor', 'idempotencyKey', 'approvalId'] as const;
type CallOptionField = (typeof CALL_OPTION_FIELDS)[number];
type CallOptions = Partial<Record<CallOptionField, string>>;

export const metaKey = (field: CallOptionField) => `causeway/${field}`;
/** How a field is named back to whoever sent it, so the fix names the right place. */
export const argumentField = (field: string) => (field ? `${CAUSEWAY_ARGUMENT}.${field}` : CAUSEWAY_ARGUMENT);
const metaField = (field: string) => `_meta.causeway/${field}`;

/** The REST body's own field rules, so a value valid on one surface is valid on the other. */
const callOptionsSchema = actionRequestSchema.pick({ connectionId: true, onBehalfOf: true, cursor: true }).extend({
  // Its character rule is the REST header's (`optionalHeader`), applied after parsing.
  idempotencyKey: z.string().optional(),
  approvalId: z.uuid().optional(),
});

const fieldDescriptions: Record<CallOptionField, string> = {
  connectionId:
    'ID of the connection to run on, when more than one is available for this provider. Omit to use the shared connection. Example: "5b0e8a52-3c1d-4f7e-9a61-2d4c8e1f0a93".',
  onBehalfOf:
    'The end user this call is for, as a Causeway user id or your own user reference (e.g. "ada@example.com"): runs on that user\'s own connection. connection_required means they have not connected yet: ask them to.',
  cursor: "A previous result's nextCursor, to fetch the next page. Same as the tool's own `cursor` argument where it has one.",
  idempotencyKey:
    'For writes: a fresh unique value per intended action (e.g. "post-7f3a9c"). Send the same value again only to retry that same call after a timeout; it then runs at most once.',
  approvalId:
    'Only after a call answered that it waits for human approval: that approval id, sent with exactly the same arguments once the approval is granted. The call then runs once; repeating it returns the same result.',
};

/** The `_causeway` property added to every MCP input schema. */
export const causewayArgumentSchema: JsonSchema = (() => {
  const { $schema: _dialect, ...generated } = z.toJSONSchema(callOptionsSchema) as { properties: Record<string, JsonSchema> } & JsonSchema;
  const properties: Record<string, JsonSchema> = Object.fromEntries(
    CALL_OPTION_FIELDS.map((field) => [field, { ...generated.properties[field], description: fieldDescriptions[field] }]),
  );
  properties.idempotencyKey = { ...properties.idempotencyKey, pattern: '^[A-Za-z0-9._:-]{1,200}$' };
  return {
    ...generated,
    properties,
    description: 'Optional. How Causeway runs this call (which connection, paging, retry safety); never sent to the provider. Omit it unless you need it.',
  };
})();

function parseOptions(value: unknown, fieldOf: (field: string) => string): CallOptions {
  const parsed = parseInput(callOptionsSchema, value ?? {}, { fieldOf });
  const idempotencyKey = optionalHeader(parsed.idempotencyKey, fieldOf('idempotencyKey'));
  const approvalId = parseApprovalId(parsed.approvalId, fieldOf('approvalId'));
  return { ...parsed, idempotencyKey, approvalId };
}

function fromMeta(meta: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(CALL_OPTION_FIELDS.flatMap((field) => (meta?.[metaKey(field)] === undefined ? [] : [[field, meta[metaKey(field)]]])));
}

export interface McpCallRequest {
  request: ActionRequest;
  idempotencyKey?: string;
  approvalId?: string;
}

/** Turns MCP `arguments` and `_meta` into what REST's body and headers parse into. */
export function toCallRequest(args: Record<string, unknown> | undefined, meta: Record<string, unknown> | undefined): McpCallRequest {
  const { [CAUSEWAY_ARGUMENT]: fromArguments, ...input } = args ?? {};
  const fromModel = parseOptions(fromArguments, argumentField);
  const fromHost = parseOptions(fromMeta(meta), metaField);
  for (const field of CALL_OPTION_FIELDS) {
    const [model, host] = [fromModel[field], fromHost[field]];
    if (model !== undefined && host !== undefined && model !== host) {
      throw new AppError('invalid_input', `${argumentField(field)} differs from ${metaField(field)} set by the host: leave it out`, {
        field: argumentField(field),
      });
    }
  }
  const { idempotencyKey, approvalId, ...options } = { ...withoutUndefined(fromHost), ...withoutUndefined(fromModel) };
  return { request: parseActionRequest({ input, ...options }), ...(idempotencyKey ? { idempotencyKey } : {}), ...(approvalId ? { approvalId } : {}) };
}

function withoutUndefined(options: CallOptions): CallOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
