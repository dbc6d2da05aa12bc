import { z } from 'zod';
import type { ToolDescriptor } from '@causeway/connectors';
import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@causeway/contracts';
import { actionRequestSchema } from '../actions/action-request';
import type { CallSuccess } from '../call/call-result';
import { NEXT_STEP } from '../mcp/next-steps';
import type { ToolSearchResult } from '../tools/tool-scope';
import { pausedBodySchema, subscriptionInputSchema } from '../events/subscriptions/subscriptions.route';

/**
 * The components of the OpenAPI document, as zod schemas converted to JSON Schema 2020-12
 * (the dialect of OpenAPI 3.1). Request schemas are the ones the routes parse with; response
 * schemas are pinned to the TypeScript types the routes return by the type checks below, so
 * neither can change without the document following or the build failing.
 */

const errorCodes = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

const errorCodeSchema = z.enum(errorCodes).meta({
  description: [
    'What went wrong, and so what to do next: each code has one HTTP status and one retry stance.',
    '',
    '| code | status | retryable | next step |',
    '| --- | --- | --- | --- |',
    ...errorCodes.map((code) => `| \`${code}\` | ${ERROR_CODES[code].status} | ${ERROR_CODES[code].retryable ? 'yes' : 'no'} | ${NEXT_STEP[code]} |`),
  ].join('\n'),
});

const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string().meta({ description: 'For a human or a model; do not parse it, branch on `code`.' }),
    retryable: z.boolean().meta({ description: 'Whether the same request may succeed later.' }),
    retryAfterMs: z.number().int().nonnegative().optional().meta({ description: 'Wait at least this long before retrying.' }),
    upstreamStatus: z.number().int().optional().meta({ description: "The provider's HTTP status, when the provider answered." }),
    field: z.string().optional().meta({ description: 'The input field, body field or header at fault, e.g. `input.channel`.' }),
    explain: z.object({ deniedBy: z.string() }).optional().meta({ description: 'With `?explain=true` on a refused call: which permission layer refused it.' }),
    requestId: z.string().meta({ description: 'Quote it when reporting a problem; it is also the `X-Request-Id` response header.' }),
  }),
});

const actionSuccessSchema = z.object({
  data: z.unknown().meta({ description: "The tool's result; it matches the tool's `outputSchema` from `GET /v1/tools`." }),
  meta: z.object({
    requestId: z.string(),
    attempts: z
      .number()
      .int()
      .nonnegative()
      .meta({ description: 'Upstream attempts made (retries and a token refresh count); 0 for a replayed idempotent call.' }),
    nextCursor: z.string().optional().meta({ description: 'Present when there is another page: send it back as `cursor`.' }),
  }),
});

const pendingApprovalSchema = z.object({
  approval: z.object({
    id: z.uuid().meta({ description: 'Send it back as `Approval-Id` once approved; poll it at `GET /v1/approvals/{id}`.' }),
    status: z.literal('pending'),
    expiresAt: z.iso.datetime({ offset: true }).meta({ description: 'Undecided by then, it expires.' }),
    reason: z
      .string()
      .meta({ description: 'The policy rule that holds the call, e.g. `side_effect:destructive`, `tool:slack.post_message`, `budget:100 calls per day`.' }),
  }),
});

const approvalStateSchema = z.object({
  approval: z.object({
    id: z.uuid(),
    status: z.enum(['pending', 'approved', 'rejected', 'expired', 'executing', 'executed']),
    tool: z.string(),
    connectionId: z.string(),
    onBehalfOf: z.string().nullable(),
    keyId: z.string(),
    keyName: z.string(),
    reason: z.string(),
    inputHash: z.string().meta({ description: 'SHA-256 of the canonical call (tool, connection, input) the approval is bound to.' }),
    requestedAt: z.string(),
    expiresAt: z.string().meta({ description: 'For a pending approval, the decision deadline; for an approved one, the deadline to execute it.' }),
    decidedAt: z.string().nullable(),
    decidedBy: z.string().nullable(),
    note: z.string().nullable(),
    executedAt: z.string().nullable(),
    executionOutcome: z.string().nullable().meta({ description: '`success` or the error code of the execution.' }),
    result: z
      .object({ status: z.number().int(), body: z.unknown() })
      .optional()
      .meta({ description: 'Once executed: the stored response every re-send gets.' }),
  }),
});

const jsonSchemaDocument = z.record(z.string(), z.unknown()).meta({ description: 'A JSON Schema 2020-12 document of `type: object`.' });

const toolDescriptorSchema = z.object({
  name: z.string().meta({ description: 'The tool to call: `POST /v1/actions/{name}`.', examples: ['slack.post_message'] }),
  title: z.string(),
  version: z.string(),
  description: z.string().meta({ description: 'What it does, when to use it, and what each error code means for it.' }),
  inputSchema: jsonSchemaDocument,
  outputSchema: jsonSchemaDocument,
  sideEffect: z.enum(['read', 'write', 'destructive']).meta({ description: 'Send `Idempotency-Key` with `write` and `destructive` calls.' }),
  requiredScopes: z.array(z.string()).meta({ description: 'Scopes the connection needs, as the provider names them.' }),
  annotations: z.object({
    title: z.string(),
    readOnlyHint: z.boolean(),
    destructiveHint: z.boolean(),
    idempotentHint: z.boolean(),
    openWorldHint: z.boolean(),
  }),
});

const toolListSchema = z.object({
  tools: z.array(toolDescriptorSchema),
  nextCursor: z.string().optional().meta({ description: 'Present when more tools match: send it back as `cursor` with the same filters.' }),
});

const toolSearchResultSchema = z.object({
  name: z.string().meta({ description: 'The tool to call: `POST /v1/actions/{name}`.' }),
  title: z.string(),
  provider: z.string(),
  sideEffect: z.enum(['read', 'write', 'destructive']),
  description: z.string().meta({ description: 'What it does and when to use it (the error guide is in `GET /v1/tools`).' }),
  inputSchema: jsonSchemaDocument,
  score: z.number().meta({ description: 'Relevance; only the order within one answer means anything.' }),
  usable: z.boolean().meta({ description: 'Whether this key can call it now through one of the tenant’s connections (false only with `include=all`).' }),
});

const toolSearchResultsSchema = z.object({ tools: z.array(toolSearchResultSchema) });

const jsonRpcId = z.union([z.string(), z.number().int()]);

const jsonRpcMessageSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: jsonRpcId.optional().meta({ description: 'Absent on notifications, which are answered 202 with no body.' }),
  method: z.string().meta({ examples: ['initialize', 'tools/list', 'tools/call'] }),
  params: z.record(z.string(), z.unknown()).optional(),
});

const jsonRpcResponseSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: jsonRpcId.nullable(),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }).optional(),
});

const eventSubscriptionSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    url: z.string().meta({ description: 'Where events are POSTed.' }),
    types: z.array(z.string()).meta({ description: 'Exact event types or prefixes ending in `.*`.' }),
    connectionIds: z.array(z.string()).nullable().meta({ description: 'Only events of these connections; all when null.' }),
    subjectPrefix: z.string().nullable().meta({ description: 'Only events whose subject starts with this.' }),
    redact: z.array(z.string()).meta({ description: 'JSON pointers into `data` removed before delivery.' }),
    paused: z.boolean().meta({ description: 'True while deliveries are held; the events stay owed.' }),
    rotatingSecret: z.boolean().meta({ description: 'True while a previous secret still signs too.' }),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ description: "An event subscription: the tenant's provider events delivered to a URL, signed per Standard Webhooks." });

/** Named components, in document order; routes refer to them by these names. */
export const componentSchemas = {
  ErrorCode: errorCodeSchema,
  ErrorBody: errorBodySchema,
  ActionRequest: actionRequestSchema,
  ActionSuccess: actionSuccessSchema,
  ToolDescriptor: toolDescriptorSchema,
  ToolList: toolListSchema,
  ToolSearchResults: toolSearchResultsSchema,
  ApprovalPending: pendingApprovalSchema,
  ApprovalState: approvalStateSchema,
  JsonRpcMessage: jsonRpcMessageSchema,
  JsonRpcResponse: jsonRpcResponseSchema,
  EventSubscriptionInput: subscriptionInputSchema.meta({ description: 'What a subscription delivers and where (docs/events.md).' }),
  EventSubscriptionPause: pausedBodySchema,
  EventSubscription: eventSubscriptionSchema,
  EventSubscriptionOne: z.object({ subscription: eventSubscriptionSchema }),
  EventSubscriptionList: z.object({ subscriptions: z.array(eventSubscriptionSchema) }),
  EventSubscriptionCreated: z.object({
    subscription: eventSubscriptionSchema,
    signingSecret: z.string().meta({ description: 'The Standard Webhooks secret (`whsec_…`); shown only in this answer.' }),
  }),
} as const;

export type ComponentName = keyof typeof componentSchemas;

/**
 * `actionRequestSchema` belongs to the actions route and carries no descriptions; they are
 * added here, and a property that no longer exists fails the build of the document.
 */
export const propertyDescriptions: Partial<Record<ComponentName, Record<string, string>>> = {
  ActionRequest: {
    input: "The tool's arguments, matching its `inputSchema` from `GET /v1/tools`.",
    connectionId: 'Run on this connection when more than one is available for the provider; omit to use the shared one.',
    onBehalfOf: "The end user this call is for (a Causeway user id or the tenant's own user reference): runs on that user's own connection.",
    cursor: "A previous page's `meta.nextCursor`, for the next page.",
    callbackUrl: 'When the call is held for approval: where to POST (signed, see docs/approvals.md) when it is decided, expires or is executed.',
  },
};

// The response schemas and the types the routes return must agree both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const pinned: [
  Same<z.infer<typeof errorBodySchema>, ErrorBody>,
  Same<z.infer<typeof actionSuccessSchema>, CallSuccess>,
  Same<z.infer<typeof toolDescriptorSchema>, ToolDescriptor>,
  Same<z.infer<typeof toolSearchResultSchema>, ToolSearchResult>,
] = [true, true, true, true];
void pinned;
