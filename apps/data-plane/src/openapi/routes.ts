import { ERROR_CODES, type ErrorCode } from '@causeway/contracts';
import type { ComponentName } from './schemas';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type ParameterName =
  | 'ToolsInclude'
  | 'ToolsProvider'
  | 'ToolsSideEffect'
  | 'ToolsText'
  | 'ToolsLimit'
  | 'ToolsCursor'
  | 'SearchText'
  | 'SearchLimit'
  | 'Tool'
  | 'Explain'
  | 'IdempotencyKey'
  | 'WorkflowRunId'
  | 'ConnectionId'
  | 'ProxyPath'
  | 'ApprovalIdHeader'
  | 'ApprovalId'
  | 'WaitMs'
  | 'SubscriptionId';
export type ResponseHeaderName = 'IdempotentReplayed';

/** A response that is not the contract's error body: a success, or a JSON-RPC refusal of /mcp. */
export interface DocumentedResponse {
  description: string;
  schema?: ComponentName;
  headers?: ResponseHeaderName[];
}

/** One route of the data plane's HTTP surface, as the document shows it. */
export interface DocumentedRoute {
  method: HttpMethod;
  /** OpenAPI path template; `{name}` parameters must be listed in `parameters`. */
  path: string;
  operationId: string;
  tag: 'Tools' | 'Approvals' | 'MCP' | 'Document' | 'Proxy' | 'Events';
  summary: string;
  description: string;
  /** Public routes need no API key; all others take `Authorization: Bearer cw_…`. */
  public?: boolean;
  parameters?: ParameterName[];
  requestBody?: { schema: ComponentName; description: string };
  responses: Record<number, DocumentedResponse>;
  /** Contract error codes this route can answer with; grouped by their status in the document. */
  errors: readonly ErrorCode[];
}

const allCodes = Object.keys(ERROR_CODES) as ErrorCode[];
const jsonRpcRefusal = (what: string): DocumentedResponse => ({ description: `${what} (a JSON-RPC error, not the contract body).`, schema: 'JsonRpcResponse' });

/**
 * The routes of the data plane. A unit test holds this list against the controllers' own
 * route metadata, so a route cannot be added or removed without the document following.
 */
export const documentedRoutes: DocumentedRoute[] = [
  {
    method: 'get',
    path: '/v1/tools',
    operationId: 'listTools',
    tag: 'Tools',
    summary: 'The tools this key can call now',
    description:
      "The tools this API key may call (its scopes, narrowed by its creator's current permissions, its tool allow-list and the tenant's policy) through a connection it can use: the tenant has an active connection to the tool's provider (not waiting for reauthorisation) that the key's connection allow-list admits. `include=all` lists the whole catalog under the same permission rules. Filter by provider, side effect and text; page with `limit` and `nextCursor`. A key with `read:Tool` but not `call:Tool` sees an empty list.",
    parameters: ['ToolsInclude', 'ToolsProvider', 'ToolsSideEffect', 'ToolsText', 'ToolsLimit', 'ToolsCursor'],
    responses: {
      200: {
        description: 'One page of tools in catalog order, with input and output JSON Schemas and MCP annotations; `nextCursor` when there are more.',
        schema: 'ToolList',
      },
    },
    errors: ['unauthenticated', 'forbidden', 'invalid_input', 'internal'],
  },
  {
    method: 'get',
    path: '/v1/tools/search',
    operationId: 'searchTools',
    tag: 'Tools',
    summary: 'Find tools for a task',
    description:
      'Ranks the tools this key can call for a task described in plain words (`q`), best first: full-text ranking over tool names, titles, descriptions, usage notes and providers, with prefix and typo tolerance, computed locally (no model, no network). Only tools with a usable connection unless `include=all` (those without are marked `usable: false`). The same search is the MCP tool `search_tools`.',
    parameters: ['SearchText', 'ToolsInclude', 'ToolsProvider', 'ToolsSideEffect', 'SearchLimit'],
    responses: {
      200: { description: 'The best-matching tools, best first, each with its input schema; empty when nothing matches.', schema: 'ToolSearchResults' },
    },
    errors: ['unauthenticated', 'forbidden', 'invalid_input', 'internal'],
  },
  {
    method: 'post',
    path: '/v1/actions/{tool}',
    operationId: 'callTool',
    tag: 'Tools',
    summary: 'Call a tool',
    description:
      "Runs one tool on one of the tenant's connections. Exactly one audit event is recorded whatever the outcome. Every failure has the contract's error body: branch on `error.code`.",
    parameters: ['Tool', 'Explain', 'IdempotencyKey', 'WorkflowRunId', 'ApprovalIdHeader'],
    requestBody: { schema: 'ActionRequest', description: 'The tool input, and optionally which connection to run on.' },
    responses: {
      200: {
        description: 'The tool ran (or, with `Approval-Id` of an executed approval, its stored result with `Idempotent-Replayed: true`).',
        schema: 'ActionSuccess',
        headers: ['IdempotentReplayed'],
      },
      202: {
        description:
          "The tenant's approval policy holds this call for a human: nothing was sent. Poll `GET /v1/approvals/{id}` (or wait for `callbackUrl`), then repeat exactly the same call with `Approval-Id: {id}`; it runs once.",
        schema: 'ApprovalPending',
      },
    },
    errors: allCodes,
  },
  {
    method: 'get',
    path: '/v1/approvals/{id}',
    operationId: 'getApproval',
    tag: 'Approvals',
    summary: 'The state of an approval your call asked for',
    description:
      'Only the key whose call asked for the approval sees it. `pending` → `approved` | `rejected` | `expired`; an approved one becomes `executing`, then `executed` (with `result`, the stored response) when re-sent with `Approval-Id`. With `waitMs`, the answer waits until the approval leaves `pending` or the time is up.',
    parameters: ['ApprovalId', 'WaitMs'],
    responses: { 200: { description: 'The approval.', schema: 'ApprovalState' } },
    errors: ['unauthenticated', 'forbidden', 'not_found', 'invalid_input', 'internal'],
  },
  ...proxyRoutes(),
  ...subscriptionRoutes(),
  {
    method: 'post',
    path: '/mcp',
    operationId: 'mcp',
    tag: 'MCP',
    summary: 'MCP over streamable HTTP',
    description: [
      'The same tools under the same rules as `/v1`, for MCP clients: `tools/list` shows what `GET /v1/tools` shows this key, and `tools/call` runs through the same call path.',
      'Stateless: POST one JSON-RPC message per request (no batches, no `Mcp-Session-Id`); send `Accept: application/json, text/event-stream`. GET and DELETE answer 405.',
      'Tool failures are results with `isError: true` whose text names the error code, whether to retry and what to do next. Choose a connection, page, or make a write safe to retry with the optional `_causeway` argument `{ connectionId, onBehalfOf, cursor, idempotencyKey }`, or the request `_meta` keys `causeway/connectionId`, `causeway/onBehalfOf`, `causeway/cursor`, `causeway/idempotencyKey`.',
      'A call the approval policy holds for a human is a result with `isError: false` naming the approval (`_meta["causeway/approval"]`); once approved, repeat the call with `_causeway: { approvalId }` (or `_meta` `causeway/approvalId`) to run it once.',
    ].join('\n\n'),
    parameters: ['Explain', 'WorkflowRunId'],
    requestBody: { schema: 'JsonRpcMessage', description: 'One JSON-RPC request or notification.' },
    responses: {
      200: { description: 'The JSON-RPC response.', schema: 'JsonRpcResponse' },
      202: { description: 'A notification was accepted; no body.' },
      400: jsonRpcRefusal('Not a JSON-RPC message, or a batch'),
      406: jsonRpcRefusal('The Accept header does not list both application/json and text/event-stream'),
      415: jsonRpcRefusal('The body is not application/json'),
    },
    errors: ['unauthenticated', 'forbidden', 'invalid_input', 'payload_too_large', 'internal'],
  },
  {
    method: 'get',
    path: '/mcp',
    operationId: 'mcpStream',
    tag: 'MCP',
    summary: 'Not offered (stateless MCP)',
    description: 'No standalone server-to-client stream: this MCP server sends nothing unprompted.',
    responses: { 405: jsonRpcRefusal('Method not allowed; `Allow: POST`') },
    errors: ['unauthenticated', 'forbidden'],
  },
  {
    method: 'delete',
    path: '/mcp',
    operationId: 'mcpEndSession',
    tag: 'MCP',
    summary: 'Not offered (stateless MCP)',
    description: 'There is no session to end.',
    responses: { 405: jsonRpcRefusal('Method not allowed; `Allow: POST`') },
    errors: ['unauthenticated', 'forbidden'],
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApiDocument',
    tag: 'Document',
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of the data plane, generated from its code.',
    public: true,
    responses: { 200: { description: 'An OpenAPI 3.1 document.' } },
    errors: [],
  },
  ...(['', '/mcp'] as const).map((suffix): DocumentedRoute => ({
    method: 'get',
    path: `/.well-known/oauth-protected-resource${suffix}`,
    operationId: suffix ? 'protectedResourceMetadataMcp' : 'protectedResourceMetadata',
    tag: 'Document',
    summary: `OAuth protected-resource metadata (RFC 9728)${suffix ? ' for /mcp' : ''}`,
    description:
      'Where MCP clients learn how to authenticate after a 401: the resource takes an API key issued in the Causeway console, sent as a bearer token.',
    public: true,
    responses: { 200: { description: 'RFC 9728 metadata.' } },
    errors: [],
  })),
];

/** The raw proxy answers the same way for every method it passes through. */
function proxyRoutes(): DocumentedRoute[] {
  const methods: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];
  return methods.map((method) => ({
    method,
    path: '/v1/proxy/{connectionId}/{path}',
    operationId: `proxy${method[0].toUpperCase()}${method.slice(1)}`,
    tag: 'Proxy' as const,
    summary: `Raw ${method.toUpperCase()} to the provider, with the connection's credentials injected`,
    description:
      "For what the tool catalog does not cover. Needs `proxy:Connection` (the key's scopes ∩ its creator's permissions) and the connection in the key's allow-list. The path is appended to the provider's base URL; only the provider's declared hosts are reached. The answer is the provider's own, passed through.",
    parameters: ['ConnectionId', 'ProxyPath'] as ParameterName[],
    responses: { 200: { description: "The provider's answer, passed through (any status)." } },
    errors: [
      'unauthenticated',
      'forbidden',
      'not_found',
      'invalid_input',
      'needs_reauth',
      'connection_required',
      'upstream_unavailable',
      'upstream_timeout',
      'payload_too_large',
      'unavailable',
      'internal',
    ] as ErrorCode[],
  }));
}

/** `/v1/subscriptions`: a key's own event subscriptions (docs/events.md), kept by the control plane. */
function subscriptionRoutes(): DocumentedRoute[] {
  const reading = ['unauthenticated', 'forbidden', 'invalid_input', 'unavailable', 'internal'] as const satisfies readonly ErrorCode[];
  const own = 'A key sees and changes only the subscriptions it created; another key’s, or another tenant’s, is `not_found`.';
  return [
    {
      method: 'get',
      path: '/v1/subscriptions',
      operationId: 'listSubscriptions',
      tag: 'Events',
      summary: 'The event subscriptions this key created',
      description: `Needs the \`read:Event\` scope. ${own}`,
      responses: { 200: { description: 'The subscriptions, oldest first.', schema: 'EventSubscriptionList' } },
      errors: reading,
    },
    {
      method: 'post',
      path: '/v1/subscriptions',
      operationId: 'createSubscription',
      tag: 'Events',
      summary: 'Subscribe a URL to event types',
      description: [
        'Needs the `update:Event` scope (granted by `manage:Event`). The URL must be https and is checked against the egress rules now (a private, loopback or metadata address, credentials in the URL: `invalid_input` with `field: "url"`) and again on every delivery.',
        'Events are POSTed as CloudEvents signed per Standard Webhooks with the `signingSecret` of the answer, shown this once. The subscription reaches every data-plane replica within moments; events received before it are not owed to it. A key may have 10, a tenant 50 (`conflict` past that).',
      ].join('\n\n'),
      requestBody: { schema: 'EventSubscriptionInput', description: 'What to deliver and where.' },
      responses: { 201: { description: 'Created; the signing secret is shown only here.', schema: 'EventSubscriptionCreated' } },
      errors: [...reading, 'conflict', 'payload_too_large'],
    },
    {
      method: 'get',
      path: '/v1/subscriptions/{id}',
      operationId: 'getSubscription',
      tag: 'Events',
      summary: 'One of this key’s event subscriptions',
      description: `Needs the \`read:Event\` scope. ${own}`,
      parameters: ['SubscriptionId'],
      responses: { 200: { description: 'The subscription.', schema: 'EventSubscriptionOne' } },
      errors: [...reading, 'not_found'],
    },
    {
      method: 'patch',
      path: '/v1/subscriptions/{id}',
      operationId: 'pauseSubscription',
      tag: 'Events',
      summary: 'Pause or resume a subscription',
      description: `Needs the \`update:Event\` scope. A paused subscription's events stay owed and go out, in order, on resume. ${own}`,
      parameters: ['SubscriptionId'],
      requestBody: { schema: 'EventSubscriptionPause', description: '`{ "paused": true }` to hold deliveries, `false` to resume them.' },
      responses: { 200: { description: 'The subscription as it is now.', schema: 'EventSubscriptionOne' } },
      errors: [...reading, 'not_found', 'payload_too_large'],
    },
    {
      method: 'delete',
      path: '/v1/subscriptions/{id}',
      operationId: 'deleteSubscription',
      tag: 'Events',
      summary: 'Delete a subscription',
      description: `Needs the \`update:Event\` scope. Events still owed to it are not delivered; its secret is destroyed. ${own}`,
      parameters: ['SubscriptionId'],
      responses: { 204: { description: 'Deleted.' } },
      errors: [...reading, 'not_found'],
    },
  ];
}
