import { Controller, Delete, Get, Logger, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { currentCorrelationId } from '@causeway/observability';
import { errorReply } from '@causeway/platform';
import type { ProxiedResponse } from '@causeway/connectors';
import { agentOf } from '../agent-auth/agent-key-hook';
import { optionalHeader, parseApprovalId } from '../actions/action-request';
import { callErrorReply } from '../call/call-error';
import { ProxyService } from './proxy.service';

const logger = new Logger('ProxyController');

/**
 * `ANY /v1/proxy/{connectionId}/{path}`: raw passthrough with the connection's credentials
 * injected, on the call pipeline. Answers the upstream's response as it came; `202 { approval }`
 * when the request waits for a human (re-send it with `Approval-Id` once approved); the
 * contract's error body for what the platform refused or acted on (quota, upstream 429 and
 * 5xx, open breaker, expired credential). A replayed idempotent write carries
 * `Idempotent-Replayed: true`.
 */
@Controller('v1/proxy')
export class ProxyController {
  constructor(private readonly proxy: ProxyService) {}

  @Get(':connectionId/*')
  get(@Param('connectionId') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.forward(id, req, reply);
  }

  @Post(':connectionId/*')
  post(@Param('connectionId') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.forward(id, req, reply);
  }

  @Put(':connectionId/*')
  put(@Param('connectionId') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.forward(id, req, reply);
  }

  @Patch(':connectionId/*')
  patch(@Param('connectionId') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.forward(id, req, reply);
  }

  @Delete(':connectionId/*')
  delete(@Param('connectionId') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.forward(id, req, reply);
  }

  private async forward(connectionId: string, request: FastifyRequest, reply: FastifyReply) {
    const requestId = currentCorrelationId() ?? String(request.id);
    try {
      const principal = agentOf(request);
      const raw = request.raw.url ?? '';
      const prefix = `/v1/proxy/${connectionId}/`;
      const rest = raw.startsWith(prefix) ? raw.slice(prefix.length) : '';
      const [path, query = ''] = rest.split(/\?(.*)/s, 2);
      const body = Buffer.isBuffer(request.body)
        ? request.body
        : request.body === undefined
          ? undefined
          : Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body));
      const { headers } = request;
      const result = await this.proxy.forward(principal, {
        connectionId,
        path,
        query,
        method: request.method,
        headers,
        body,
        requestId,
        idempotencyKey: optionalHeader(headers['idempotency-key'], 'Idempotency-Key'),
        approvalId: parseApprovalId(headers['approval-id']),
        workflowRunId: optionalHeader(headers['x-workflow-run-id'], 'X-Workflow-Run-Id'),
      });
      if (result.kind === 'pending') return void reply.status(202).send({ approval: result.approval });
      if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
      if (result.kind === 'failure') {
        const failure = callErrorReply(result.error, requestId);
        return void reply.status(failure.status).headers(failure.headers).send(failure.body);
      }
      const upstream = result.body.data as ProxiedResponse;
      return void reply.status(upstream.status).headers(upstream.headers).send(Buffer.from(upstream.bodyBase64, 'base64'));
    } catch (error) {
      const { status, body, unexpected, headers } = errorReply(error, requestId);
      if (unexpected) logger.error(error instanceof Error ? error.stack : String(error));
      return void reply.status(status).headers(headers).send(body);
    }
  }
}
