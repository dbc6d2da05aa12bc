import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorBody } from '@causeway/contracts';
import { requestIdOf, serviceTokenMatches } from '@causeway/platform';
import type { DeliveryWorker } from './delivery-worker';
import type { SubscriptionsView } from '../../config-view/subscriptions-view';

const PREFIX = '/internal/tenants/:tenantId/event-subscriptions/:subscriptionId/dead-letters';
const params = z.object({ tenantId: z.uuid(), subscriptionId: z.uuid() });
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
const replayBody = z.object({ ids: z.array(z.uuid()).max(1000).optional() }).strict();

/**
 * The control plane's window on dead letters (its GraphQL calls these), authenticated with the
 * internal service token; the tenant is in the path and a subscription of another tenant is
 * not found.
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
    const p = params.safeParse(request.params);
    if (!p.success) return reply.status(400).send(errorBody('invalid_input', `${String(p.error.issues[0].path[0])}: not a valid id`, requestId));
    if (!subscriptions.of(p.data.tenantId, p.data.subscriptionId))
      return reply.status(404).send(errorBody('not_found', 'no such event subscription', requestId));
    return reply.send(await then(p.data.subscriptionId));
  };
  fastify.get(PREFIX, (request, reply) =>
    guarded(request, reply, async (id) => {
      const q = listQuery.safeParse(request.query);
      return { deadLetters: await worker.deadLetters(id, q.success ? q.data.limit : 100) };
    }),
  );
  fastify.post(`${PREFIX}/replay`, async (request, reply) => {
    const body = replayBody.safeParse(request.body ?? {});
    if (!body.success) return reply.status(400).send(errorBody('invalid_input', `ids: ${body.error.issues[0].message}`, requestIdOf(request)));
    return guarded(request, reply, async (id) => ({ replayed: await worker.replayDeadLetters(id, body.data.ids) }));
  });
}
