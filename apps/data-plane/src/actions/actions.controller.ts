import { Body, Controller, Headers, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { currentCorrelationId } from '@causeway/observability';
import { ApiKeyAuthenticator } from '../agent-auth/api-key-authenticator';
import { optionalHeader, parseActionRequest } from './action-request';
import { ActionsService } from './actions.service';

@Controller('v1/actions')
export class ActionsController {
  constructor(
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly actions: ActionsService,
  ) {}

  /** `POST /v1/actions/{tool}`: `{ input, connectionId?, onBehalfOf?, cursor? }` → `{ data, meta }`. */
  @Post(':tool')
  @HttpCode(200)
  call(
    @Param('tool') tool: string,
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Headers('x-workflow-run-id') workflowRunId: string | undefined,
    @Query('explain') explain: string | undefined,
    @Req() request: FastifyRequest,
  ) {
    const principal = this.authenticator.authenticate(authorization);
    return this.actions.call({
      principal,
      tool,
      request: parseActionRequest(body),
      requestId: currentCorrelationId() ?? String(request.id),
      workflowRunId: optionalHeader(workflowRunId, 'X-Workflow-Run-Id'),
      explain: explain === 'true' || explain === '1',
    });
  }
}
