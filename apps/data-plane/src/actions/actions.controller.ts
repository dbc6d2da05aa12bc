import { Body, Controller, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { currentCorrelationId } from '@causeway/observability';
import { ApiKeyAuthenticator } from '../agent-auth/api-key-authenticator';
import { optionalHeader, parseActionRequest, parseApprovalId } from './action-request';
import { ActionsService, CallFailure } from './actions.service';

@Controller('v1/actions')
export class ActionsController {
  constructor(
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly actions: ActionsService,
  ) {}

  /**
   * `POST /v1/actions/{tool}`: `{ input, connectionId?, onBehalfOf?, cursor? }` →
   * `200 { data, meta }`, or the contract's error body. A replayed idempotent write carries
   * `Idempotent-Replayed: true`.
   */
  @Post(':tool')
  async call(
    @Param('tool') tool: string,
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Headers('x-workflow-run-id') workflowRunId: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('approval-id') approvalId: string | undefined,
    @Query('explain') explain: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const principal = this.authenticator.authenticate(authorization);
    try {
      const outcome = await this.actions.call({
        principal,
        tool,
        request: parseActionRequest(body),
        requestId: currentCorrelationId() ?? String(request.id),
        workflowRunId: optionalHeader(workflowRunId, 'X-Workflow-Run-Id'),
        idempotencyKey: optionalHeader(idempotencyKey, 'Idempotency-Key'),
        approvalId: parseApprovalId(approvalId),
        explain: explain === 'true' || explain === '1',
      });
      if (outcome.pending) {
        void reply.status(202);
        return { approval: outcome.pending };
      }
      void reply.status(200);
      if (outcome.replayed) void reply.header('Idempotent-Replayed', 'true');
      return outcome.body;
    } catch (error) {
      if (error instanceof CallFailure && error.replayed) void reply.header('Idempotent-Replayed', 'true');
      throw error;
    }
  }
}
