import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { eventSubscriptionInputSchema } from '@causeway/contracts';
import type { Permission } from '@causeway/authz';
import { AppError, errorReply, parseInput, requestIdOf } from '@causeway/platform';
import { agentOf } from '../../agent-auth/agent-key-hook';
import type { AgentPrincipal } from '../../agent-auth/api-key-authenticator';
import type { ControlPlaneAnswer, EventSubscriptionsClient, SubscriptionOwner } from '../../control-plane-client/event-subscriptions-client';

/** The routes, for the OpenAPI document's check that it documents every route served. */
export const SUBSCRIPTION_ROUTES = [
  { method: 'get', path: '/v1/subscriptions' },
  { method: 'post', path: '/v1/subscriptions' },
  { method: 'get', path: '/v1/subscriptions/{id}' },
  { method: 'patch', path: '/v1/subscriptions/{id}' },
  { method: 'delete', path: '/v1/subscriptions/{id}' },
] as const;

const idParams = z.object({ id: z.uuid() });
/** What `POST` accepts: the contract's submission, nothing else. */
export const subscriptionInputSchema = eventSubscriptionInputSchema.strict();
export const pausedBodySchema = z.object({ paused: z.boolean() }).strict();
/** A subscription is a handful of short fields: bodies past this are refused before they are parsed. */
const BODY_LIMIT = 64 * 1024;

/**
 * `/v1/subscriptions`: an agent key manages its own event subscriptions (docs/events.md). Reading
 * needs `read:Event`, changing `update:Event` (both granted by `manage:Event`). The agent-key hook
 * has authenticated the key; the input is checked here, naming the field, and the change is
 * made by the control plane, the one writer, which judges the URL against the egress rules and
 * carries the subscription to every replica. A key sees only the subscriptions it created.
 */
export function registerSubscriptionRoutes(fastify: FastifyInstance, client: EventSubscriptionsClient): void {
  const handle =
    (permission: Permission, run: (owner: SubscriptionOwner, request: FastifyRequest) => Promise<ControlPlaneAnswer>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const answer = await run(ownerOf(agentOf(request), permission), request);
        return answer.body === undefined ? reply.status(answer.status).send() : reply.status(answer.status).send(answer.body);
      } catch (error) {
        const { status, body, headers } = errorReply(error, requestIdOf(request));
        return reply.status(status).headers(headers).send(body);
      }
    };
  const id = (request: FastifyRequest) => parseInput(idParams, request.params, { field: 'id' }).id;

  fastify.get(
    '/v1/subscriptions',
    handle('read:Event', (owner) => client.list(owner)),
  );
  fastify.get(
    '/v1/subscriptions/:id',
    handle('read:Event', (owner, request) => client.get(owner, id(request))),
  );
  fastify.post(
    '/v1/subscriptions',
    { bodyLimit: BODY_LIMIT },
    handle('update:Event', (owner, request) => client.create(owner, parseInput(subscriptionInputSchema, request.body ?? {}))),
  );
  fastify.patch(
    '/v1/subscriptions/:id',
    { bodyLimit: BODY_LIMIT },
    handle('update:Event', (owner, request) => client.setPaused(owner, id(request), parseInput(pausedBodySchema, request.body ?? {}).paused)),
  );
  fastify.delete(
    '/v1/subscriptions/:id',
    handle('update:Event', (owner, request) => client.delete(owner, id(request))),
  );
}

function ownerOf(agent: AgentPrincipal, permission: Permission): SubscriptionOwner {
  if (!agent.permissions.includes(permission)) throw new AppError('forbidden', `this key lacks the ${permission} scope`);
  return { tenantId: agent.tenantId, keyId: agent.keyId };
}
