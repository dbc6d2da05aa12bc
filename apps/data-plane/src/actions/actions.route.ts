import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorReply, requestIdOf } from '@causeway/platform';
import { agentOf } from '../agent-auth/agent-key-hook';
import { optionalHeader, parseActionRequest, parseApprovalId } from './action-request';
import { callErrorReply } from '../call/call-error';
import { CallPipeline } from '../call/call-pipeline';

const logger = new Logger('ActionsRoute');

/** The agent routes served on Fastify directly; the OpenAPI test holds the document against this list too. */
export const AGENT_FASTIFY_ROUTES = [{ method: 'post', path: '/v1/actions/{tool}' }] as const;

/**
 * `POST /v1/actions/{tool}`: `{ input, connectionId?, onBehalfOf?, cursor?, callbackUrl? }` →
 * `200 { data, meta }`, `202 { approval }` when the call waits for a human, or the contract's
 * error body. A replayed idempotent write carries `Idempotent-Replayed: true`.
 *
 * Served on the Fastify instance rather than as a Nest controller: this is the hot path, and
 * Nest's per-request pipeline (router, parameter decorators, pipes, interceptors, filters)
 * took ~20 % of a forwarding route's throughput on this stack (d vs d-raw in
 * docs/performance.md). The platform's Fastify hooks (correlation id, request metrics) run as
 * for every route.
 */
export function registerActionsRoute(app: NestFastifyApplication): void {
  const pipeline = app.get(CallPipeline);
  const fastify = app.getHttpAdapter().getInstance();

  fastify.post('/v1/actions/:tool', async (request, reply) => {
    const requestId = requestIdOf(request);
    try {
      const { headers } = request;
      const { tool } = request.params as { tool: string };
      const { explain } = request.query as { explain?: string };
      const result = await pipeline.call({
        principal: agentOf(request),
        tool,
        request: parseActionRequest(request.body),
        requestId,
        workflowRunId: optionalHeader(headers['x-workflow-run-id'], 'X-Workflow-Run-Id'),
        idempotencyKey: optionalHeader(headers['idempotency-key'], 'Idempotency-Key'),
        approvalId: parseApprovalId(headers['approval-id']),
        explain: explain === 'true' || explain === '1',
      });
      if (result.kind === 'pending') return reply.status(202).send({ approval: result.approval });
      if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
      if (result.kind === 'success') return reply.status(200).send(result.body);
      const failure = callErrorReply(result.error, requestId);
      return reply.status(failure.status).headers(failure.headers).send(failure.body);
    } catch (error) {
      // Bad requests (body, headers) refused before the pipeline, and unexpected errors.
      const { status, body, unexpected, headers } = errorReply(error, requestId);
      if (unexpected) logger.error(error instanceof Error ? error.stack : String(error));
      return reply.status(status).headers(headers).send(body);
    }
  });
}
