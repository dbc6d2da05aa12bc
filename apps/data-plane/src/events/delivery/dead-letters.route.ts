import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorBody } from '@causeway/contracts';
import { AppError, errorReply, parseInput, requestIdOf, serviceTokenMatches } from '@causeway/platform';
import type { DeliveryWorker } from './delivery-worker';
import type { SubscriptionsView } from '../../config-view/subscriptions-view';

const PREFIX = '/internal/tenants/:tenantId/event-subscriptions/:subscriptionId/dead-letters';
const params = z.object({ tenantId: z.uuid(), subscriptionId: z.uuid() });
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
const replayBody = z.object({ ids: z.array(z.uuid()).max(1000).optional() }).strict();

/**
 * The control plane's window on dead letters (its GraphQL calls these), authenticated with the
 * internal service token; the tenant is in the path and a subscription of another tenant is
 * not found. Bad input is refused naming the parameter, before anything is read or replayed.
 */
export function registerDeadLetterRoutes(
  fastify: FastifyInstance,
  worker: DeliveryWorker,
  subscriptions: SubscriptionsView,
  internalToken: string | undefined,
): void {
  const guarded = async (request: FastifyRequest, reply: FastifyReply, then: (subscriptionId: string) => Promise<unknown>) => {
    const requestId = requestIdOf(request);
    if (!serviceTokenMatches(internalToken, request.headers.authorization))
      return reply.status(401).send(errorBody('unauthenticated', 'internal token required', requestId));
    try {
      const { tenantId, subscriptionId } = parseInput(params, request.params);
      if (!subscriptions.of(tenantId, subscriptionId)) return reply.status(404).send(errorBody('not_found', 'no such event subscription', requestId));
      return reply.send(await then(subscriptionId));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const refused = errorReply(error, requestId);
      return reply.status(refused.status).headers(refused.headers).send(refused.body);
    }
  };
  fastify.get(PREFIX, (request, reply) =>
    guarded(request, reply, async (id) => ({ deadLetters: await worker.deadLetters(id, parseInput(listQuery, request.query).limit) })),
  );
  fastify.post(`${PREFIX}/replay`, (request, reply) =>
    guarded(request, reply, async (id) => ({ replayed: await worker.replayDeadLetters(id, parseInput(replayBody, request.body ?? {}).ids) })),
  );
}
