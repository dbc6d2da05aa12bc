import { Controller, Delete, Get, Headers, Logger, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { currentCorrelationId } from '@causeway/observability';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { optionalHeader } from '../actions/action-request';
import { CallPipeline } from '../call/call-pipeline';
import { ConfigView } from '../config-view/config-view';
import { toolScope } from '../tools/tool-scope';
import { agentOf } from '../agent-auth/agent-key-hook';
import { createMcpServer, type McpCaller } from './mcp-server';
import { refuseForeignOrigin } from './origin-check';
import { refuseToolCallParams } from './tool-call-params';
import { sendJsonRpcError, sendWebResponse, toWebRequest } from './web-bridge';

/**
 * `POST /mcp`: MCP over streamable HTTP, stateless — a fresh server and transport per HTTP
 * request, no `Mcp-Session-Id`.
 *
 * Stateless because every call is a single request/response (no server-initiated messages,
 * no subscriptions), the caller is re-authenticated on every request anyway, and any replica
 * can answer any request without sticky sessions or a shared session store.
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
    const server = createMcpServer(this.pipeline, caller);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    // The transport reports client mistakes (wrong Accept, bad JSON-RPC) here and answers them itself.
    transport.onerror = (error) => this.logger.debug(`mcp transport: ${error.message}`);
    try {
      await server.connect(transport);
      const response = await transport.handleRequest(toWebRequest(request), { parsedBody: request.body });
      await sendWebResponse(reply, response);
    } finally {
      await server.close().catch((error: unknown) => this.logger.warn(`closing an MCP server failed: ${String(error)}`));
    }
  }

  /** No standalone SSE stream and no session to delete in stateless mode: 405, as the spec allows. */
  @Get()
  get(@Res() reply: FastifyReply): void {
    this.notAllowed(reply);
  }

  @Delete()
  remove(@Res() reply: FastifyReply): void {
    this.notAllowed(reply);
  }

  private notAllowed(reply: FastifyReply): void {
    sendJsonRpcError(reply, 405, SERVER_ERROR, 'Method not allowed: this MCP server is stateless; POST one JSON-RPC message per request', { allow: 'POST' });
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
