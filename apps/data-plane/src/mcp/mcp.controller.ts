import { Controller, Delete, Get, Headers, Inject, Logger, Optional, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { currentCorrelationId } from '@causeway/observability';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { ErrorCode, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { optionalHeader } from '../actions/action-request';
import { CallPipeline } from '../call/call-pipeline';
import { ConfigView } from '../config-view/config-view';
import { toolScope } from '../tools/tool-scope';
import { agentOf } from '../agent-auth/agent-key-hook';
import { MCP_SESSIONS } from '../tokens';
import { callerAuthInfo, createMcpServer, type McpCaller } from './mcp-server';
import type { McpSession, McpSessions } from './mcp-sessions';
import { refuseForeignOrigin } from './origin-check';
import { refuseToolCallParams } from './tool-call-params';
import { sendJsonRpcError, sendWebResponse, sendWebStream, toWebRequest } from './web-bridge';

/**
 * `/mcp`: MCP over streamable HTTP. Stateless by default — a fresh server and transport per
 * HTTP request, no `Mcp-Session-Id` — because a tool call is a single request/response, the
 * caller is re-authenticated on every request anyway, and any replica can answer any request
 * without sticky sessions or a shared session store.
 *
 * The exception is events: a key with the `read:Event` scope gets a session at `initialize`
 * (`mcp-sessions.ts`), so it can `resources/subscribe` and be told of new events on the
 * session's `GET` stream. Its requests still carry the key and are re-authenticated; the
 * session is bound to the key that opened it. A request without a session id is served
 * statelessly, whatever the key.
 *
 * Fastify integration: this is an ordinary Nest route using the SDK's web-standard transport
 * with JSON responses. The agent-key hook has checked the API key before the body is read (a
 * 401 there carries `WWW-Authenticate`), Fastify parses the body (under the same size cap as
 * REST), and the
 * transport's `Response` is copied onto Fastify's reply — no `reply.hijack()`, so Fastify's
 * hooks (request id header, metrics, access log) run as for every other route.
 */
/** JSON-RPC's implementation-defined server error, which the SDK's transport uses for HTTP-level refusals too. */
const SERVER_ERROR = -32000;

@Controller('mcp')
export class McpController {
  private readonly logger = new Logger('McpController');

  constructor(
    private readonly pipeline: CallPipeline,
    private readonly view: ConfigView,
    @Optional() @Inject(MCP_SESSIONS) private readonly sessions?: McpSessions,
  ) {}

  @Post()
  async handle(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Headers('x-workflow-run-id') workflowRunId: string | undefined,
    @Query('explain') explain: string | undefined,
  ): Promise<void> {
    if (refuseForeignOrigin(request, reply)) return;
    const caller = this.caller(request, workflowRunId, explain);
    // One message per request keeps one request id, one body cap and one quota decision per
    // HTTP request, as on REST. MCP itself dropped JSON-RPC batching in 2025-06-18.
    if (Array.isArray(request.body)) {
      sendJsonRpcError(reply, 400, ErrorCode.InvalidRequest, 'JSON-RPC batches are not supported: send one message per request');
      return;
    }
    const refusal = refuseToolCallParams(request.body);
    if (refusal) {
      const listed = refusal.errors.map((e) => `${e.field} ${e.message}`).join('; ');
      void reply
        .status(200)
        .header('content-type', 'application/json')
        .send(
          JSON.stringify({
            jsonrpc: '2.0',
            id: refusal.id,
            error: { code: ErrorCode.InvalidParams, message: `Invalid tools/call params: ${listed}`, data: { errors: refusal.errors } },
          }),
        );
      return;
    }
    const sessionId = optionalHeader(request.headers['mcp-session-id'] as string | undefined, 'Mcp-Session-Id');
    if (sessionId !== undefined) {
      const session = this.session(sessionId, caller, reply);
      if (!session) return;
      const response = await session.transport.handleRequest(toWebRequest(request), { parsedBody: request.body, authInfo: callerAuthInfo(caller) });
      await sendWebResponse(reply, response);
      return;
    }
    if (this.sessions && isInitializeRequest(request.body) && caller.principal.permissions.includes('read:Event')) {
      await this.openSession(request, reply, caller, this.sessions);
      return;
    }
    const server = createMcpServer(this.pipeline, caller, this.sessions ? { feed: this.sessions.feed } : undefined);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    // The transport reports client mistakes (wrong Accept, bad JSON-RPC) here and answers them itself.
    transport.onerror = (error) => this.logger.debug(`mcp transport: ${error.message}`);
    try {
      await server.connect(transport);
      const response = await transport.handleRequest(toWebRequest(request), { parsedBody: request.body, authInfo: callerAuthInfo(caller) });
      await sendWebResponse(reply, response);
    } finally {
      await server.close().catch((error: unknown) => this.logger.warn(`closing an MCP server failed: ${String(error)}`));
    }
  }

  /**
   * A session's stream of server-initiated messages (event notifications). Closed after the
   * session's stream limit so the client reconnects and is re-authenticated. Without a session:
   * 405, there being no stream to a stateless server.
   */
  @Get()
  async stream(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (refuseForeignOrigin(request, reply)) return;
    const sessionId = optionalHeader(request.headers['mcp-session-id'] as string | undefined, 'Mcp-Session-Id');
    if (sessionId === undefined || !this.sessions) return this.notAllowed(reply);
    const session = this.session(sessionId, this.caller(request, undefined, undefined), reply);
    if (!session) return;
    const response = await session.transport.handleRequest(toWebRequest(request));
    if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return sendWebResponse(reply, response);
    session.openStreams += 1;
    const limit = setTimeout(() => session.transport.closeStandaloneSSEStream(), this.sessions.streamMaxMs).unref();
    request.raw.once('close', () => {
      clearTimeout(limit);
      session.openStreams -= 1;
      session.lastUsedMs = Date.now();
    });
    sendWebStream(reply, response);
  }

  /** Ends a session (its subscriptions with it); without one, 405. */
  @Delete()
  async remove(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (refuseForeignOrigin(request, reply)) return;
    const sessionId = optionalHeader(request.headers['mcp-session-id'] as string | undefined, 'Mcp-Session-Id');
    if (sessionId === undefined || !this.sessions) return this.notAllowed(reply);
    const session = this.session(sessionId, this.caller(request, undefined, undefined), reply);
    if (!session) return;
    await sendWebResponse(reply, await session.transport.handleRequest(toWebRequest(request)));
  }

  private async openSession(request: FastifyRequest, reply: FastifyReply, caller: McpCaller, sessions: McpSessions): Promise<void> {
    const { tenantId, keyId } = caller.principal;
    const session = await sessions.open({ tenantId, keyId }, (events) => createMcpServer(this.pipeline, caller, events));
    if (session === 'full') {
      sendJsonRpcError(reply, 503, SERVER_ERROR, 'This server holds as many MCP sessions as it may: retry later, or call statelessly without initialize', {
        'retry-after': '30',
      });
      return;
    }
    const response = await session.transport.handleRequest(toWebRequest(request), { parsedBody: request.body, authInfo: callerAuthInfo(caller) });
    // An initialize the SDK refused opened no session: nothing to keep.
    if (session.transport.sessionId === undefined || response.status !== 200) await sessions.close(session);
    await sendWebResponse(reply, response);
  }

  /** The caller's session, or the spec's 404 (also for another key's session: indistinguishable on purpose). */
  private session(id: string, caller: McpCaller, reply: FastifyReply): McpSession | undefined {
    const session = this.sessions?.find(id, caller.principal);
    if (!session) sendJsonRpcError(reply, 404, -32001, 'Session not found: it expired, was closed or lives on another replica; initialize again');
    return session;
  }

  private notAllowed(reply: FastifyReply): void {
    sendJsonRpcError(
      reply,
      405,
      SERVER_ERROR,
      'Method not allowed without a session: POST one JSON-RPC message per request (a key with read:Event gets a session at initialize)',
      { allow: 'POST' },
    );
  }

  private caller(request: FastifyRequest, workflowRunId: string | undefined, explain: string | undefined): McpCaller {
    const principal = agentOf(request);
    const runId = optionalHeader(workflowRunId, 'X-Workflow-Run-Id');
    return {
      principal,
      tools: toolScope(this.view, principal),
      requestId: currentCorrelationId() ?? String(request.id),
      ...(runId ? { workflowRunId: runId } : {}),
      explain: explain === 'true' || explain === '1',
    };
  }
}
