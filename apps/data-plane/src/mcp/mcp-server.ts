import { Logger } from '@nestjs/common';
import { catalog } from '@causeway/connectors';
import { errorBody } from '@causeway/contracts';
import { AppError } from '@causeway/platform';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import type { CallPipeline } from '../call/call-pipeline';
import type { AgentPrincipal } from '../agent-auth/api-key-authenticator';
import { argumentErrors } from './argument-errors';
import { eventResourcesCapability, registerEventResources, type EventResourcesDeps } from './event-resources';
import { CAUSEWAY_ARGUMENT, toCallRequest } from './call-options';
import type { ToolScope } from '../tools/tool-listing';
import { INCLUDE_ALL_META, visibleMcpTools } from './mcp-tools';
import { runSearchTools, SEARCH_TOOLS } from './search-tools';
import { failureResult, pendingResult, successResult } from './tool-result';

/** Who is calling: one HTTP request's caller, handed to the handlers with it (`callerAuthInfo`). */
export interface McpCaller {
  principal: AgentPrincipal;
  /** The tools this caller may see (its tenant's catalog, its usable connections). */
  tools: ToolScope;
  requestId: string;
  workflowRunId?: string;
  explain: boolean;
}

/** Events as resources: the feed, and a session's subscriptions when there is a session. */
export type McpEvents = Omit<EventResourcesDeps, 'callerOf'>;

/**
 * The caller rides with each request as the SDK's `authInfo`, so a session's server (which
 * outlives one HTTP request) answers every request as the key that sent it, re-authenticated.
 * The token stays empty: handlers have no business seeing the secret.
 */
export function callerAuthInfo(caller: McpCaller): AuthInfo {
  return { token: '', clientId: caller.principal.keyId, scopes: [...caller.principal.permissions], extra: { caller } };
}

function callerFrom(extra: unknown, bound: McpCaller): McpCaller {
  const sent = (extra as { authInfo?: AuthInfo } | undefined)?.authInfo?.extra?.caller;
  return (sent as McpCaller | undefined) ?? bound;
}

const SERVER_INFO = { name: 'causeway', title: 'Causeway', version: '1.0.0' };

// Only providers with typed tools: the others are reached through the raw proxy, not MCP.
const INSTRUCTIONS =
  `Causeway runs tools on SaaS apps (${catalog.providers
    .filter((p) => p.actions.length > 0)
    .map((p) => p.name)
    .join(', ')}) through the connections your organisation made, with their permissions. ` +
  `Every tool accepts an optional \`${CAUSEWAY_ARGUMENT}\` argument to choose the connection (connectionId, onBehalfOf), continue paging (cursor) ` +
  'or make a write safe to retry (idempotencyKey). tools/list shows the tools you can call through a usable connection; `search_tools` ranks them for a task described in plain words. Failures come back as results with isError: true, naming the error code, whether to retry and what to do next.';

const EVENTS_INSTRUCTIONS =
  " With the events scope, causeway://events lists your organisation's provider events (newest last; read causeway://events?after=<position> for what followed) and causeway://events/{id} is one event; subscribe to causeway://events (optionally ?type=<prefix>) to be told of new ones with notifications/resources/updated.";

/**
 * The SDK server builds an ajv instance per server unless given one; one server lives per
 * request here, so they share this one (it only compiles schemas a client sends us).
 */
const sharedValidator = new AjvJsonSchemaValidator();

const logger = new Logger('McpServer');

/**
 * An MCP server bound to one authenticated caller. `tools/list` shows what `GET /v1/tools`
 * shows this key; `tools/call` goes through `CallPipeline.call`, the one call path, so the
 * permission layers, limits, idempotency and the audit event are the REST ones.
 */
export function createMcpServer(pipeline: Pick<CallPipeline, 'call'>, bound: McpCaller, events?: McpEvents): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false }, ...(events ? { resources: eventResourcesCapability(events.subscriptions !== undefined) } : {}) },
    instructions: events ? INSTRUCTIONS + EVENTS_INSTRUCTIONS : INSTRUCTIONS,
    jsonSchemaValidator: sharedValidator,
  });

  server.setRequestHandler(ListToolsRequestSchema, (request, extra) => {
    const caller = callerFrom(extra, bound);
    const includeAll = request.params?._meta?.[INCLUDE_ALL_META] === 'all';
    // A cursor that is not ours is the caller's mistake: -32602, as the spec says for an invalid cursor.
    const page = invalidParamsOrThrow(
      () => visibleMcpTools(caller.tools, { ...(request.params?.cursor ? { cursor: request.params.cursor } : {}), includeAll }),
      caller.requestId,
    );
    // REST answers 403 here; MCP has no per-method HTTP status, so it is a JSON-RPC error
    // carrying the same contract body.
    if (!page) {
      const body = errorBody('forbidden', 'this key may not list tools: it needs read:Tool or call:Tool', caller.requestId);
      throw new McpError(ErrorCode.InvalidRequest, body.error.message, body.error);
    }
    return page;
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const caller = callerFrom(extra, bound);
    const tool = request.params.name;
    if (tool === SEARCH_TOOLS) return searchToolsOrRefuse(caller, request.params.arguments);
    try {
      const {
        request: actionRequest,
        idempotencyKey,
        approvalId,
      } = argumentsOrThrow(() => toCallRequest(request.params.arguments, request.params._meta), caller.requestId);
      const result = await pipeline.call({
        principal: caller.principal,
        tool,
        request: actionRequest,
        requestId: caller.requestId,
        ...(caller.workflowRunId ? { workflowRunId: caller.workflowRunId } : {}),
        ...(idempotencyKey ? { idempotencyKey } : {}),
        ...(approvalId ? { approvalId } : {}),
        explain: caller.explain,
      });
      if (result.kind === 'pending') return pendingResult(tool, result.approval, caller.requestId);
      if (result.kind === 'failure') {
        throwIfProtocolError(tool, actionRequest.input, result.error, caller.requestId);
        return failureResult(tool, result.error, caller.requestId);
      }
      return successResult(tool, result.body, result.replayed);
    } catch (error) {
      if (error instanceof McpError) throw error;
      if (error instanceof AppError) return failureResult(tool, error, caller.requestId);
      // The pipeline has audited it as internal; the detail stays in the log, as on REST.
      logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      return failureResult(tool, new AppError('internal', 'internal error'), caller.requestId);
    }
  });

  if (events) registerEventResources(server, { ...events, callerOf: (extra) => callerFrom(extra, bound) });
  return server;
}

/**
 * MCP separates a call the server could not start from a tool that ran and failed: an unknown
 * tool and arguments that miss the input schema are JSON-RPC errors (`-32602`), so clients
 * report them as the caller's mistake; everything else is a result with `isError`. The
 * pipeline has refused (and audited) the call either way; this only chooses the answer's form.
 */
function throwIfProtocolError(
  tool: string,
  input: Record<string, unknown>,
  error: { code: string; message: string; extra: { field?: string } },
  requestId: string,
): void {
  if (error.code === 'not_found' && error.extra.field === 'tool') {
    const body = errorBody('not_found', `Unknown tool "${tool}": call tools/list to see the tools this key may call, and use one of their names`, requestId, {
      field: 'name',
    });
    throw new McpError(ErrorCode.InvalidParams, body.error.message, body.error);
  }
  if (error.code !== 'invalid_input') return;
  const listed = argumentErrors(tool, input);
  const field = error.extra.field?.replace(/^input\./, '');
  const errors = listed.length > 0 ? listed : [{ field: field ?? '', message: error.message }];
  throw invalidArguments(tool, errors, requestId);
}

/** A `tools/list` parameter that does not parse (a cursor we did not give out) is -32602 with the contract body. */
function invalidParamsOrThrow<T>(run: () => T, requestId: string): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'invalid_input') throw error;
    const body = errorBody('invalid_input', error.message, requestId, error.extra.field ? { field: error.extra.field } : {});
    throw new McpError(ErrorCode.InvalidParams, error.message, body.error);
  }
}

/** `search_tools` answers here: it reads the catalog, calls nothing upstream, and so has nothing for the pipeline to guard. */
function searchToolsOrRefuse(caller: McpCaller, args: unknown): CallToolResult {
  try {
    return argumentsOrThrow(() => runSearchTools(caller.tools, args), caller.requestId);
  } catch (error) {
    if (error instanceof AppError) return failureResult(SEARCH_TOOLS, error, caller.requestId);
    throw error;
  }
}

/** `_causeway` / `_meta` options that do not parse are invalid arguments too. */
function argumentsOrThrow<T>(parse: () => T, requestId: string): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input') {
      throw invalidArguments(undefined, [{ field: error.extra.field ?? '', message: error.message }], requestId);
    }
    throw error;
  }
}

function invalidArguments(tool: string | undefined, errors: { field: string; message: string }[], requestId: string): McpError {
  const listed = errors.map((e) => (e.field && !e.message.startsWith(e.field) ? `${e.field}: ${e.message}` : e.message)).join('; ');
  const message = `Invalid arguments${tool ? ` for ${tool}` : ''}: ${listed}. Fix every listed argument to match the tool's inputSchema (tools/list), then call again.`;
  const body = errorBody('invalid_input', message, requestId, errors[0]?.field ? { field: errors[0].field } : {});
  return new McpError(ErrorCode.InvalidParams, message, { ...body.error, errors });
}
