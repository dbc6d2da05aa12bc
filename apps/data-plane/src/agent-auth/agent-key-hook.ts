import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, errorReply, requestIdOf } from '@causeway/platform';
import type { AgentPrincipal } from './api-key-authenticator';

declare module 'fastify' {
  interface FastifyRequest {
    /** The agent whose API key this request carried; set by the agent-key hook on agent routes only. */
    agent: AgentPrincipal | null;
  }
}

/** Turns the `Authorization` header into the agent, or throws the contract's 401 (403 for a suspended tenant). */
export type AuthenticateAgent = (authorization: string | string[] | undefined) => AgentPrincipal;

/** A `WWW-Authenticate` value for a 401 on this route, if the route's clients expect one. */
export type AuthenticateChallenge = (request: FastifyRequest) => string | undefined;

/**
 * Whether a route (its pattern, as registered) is an agent's: everything under `/v1` and the
 * MCP endpoint, except vendors' webhooks, whose signature is their authentication. Decided on
 * the route that matched rather than the raw URL, so no spelling of a path (percent-encoding,
 * case) reaches an agent route without the check; unmatched URLs stay 404.
 */
export function isAgentRoute(pattern: string | undefined): boolean {
  if (pattern === undefined) return false;
  if (pattern === '/mcp') return true;
  return pattern.startsWith('/v1/') && !pattern.startsWith('/v1/webhooks/');
}

/**
 * The one place agents are authenticated: an `onRequest` hook on the data plane's Fastify
 * instance, before the body is read, for Nest controllers and the routes served on Fastify
 * directly alike. A refusal is answered here with the contract's error body, and a 401 with the
 * `challenge` for the route (MCP's points at the protected-resource metadata).
 */
export function registerAgentKeyHook(fastify: FastifyInstance, authenticate: AuthenticateAgent, challenge: AuthenticateChallenge = () => undefined): void {
  fastify.decorateRequest('agent', null);
  fastify.addHook('onRequest', async (request, reply) => {
    const pattern = request.routeOptions.url;
    if (!isAgentRoute(pattern)) return;
    try {
      request.agent = authenticate(request.headers.authorization);
    } catch (error) {
      const { status, body, headers } = errorReply(error, requestIdOf(request));
      const authenticateHeader = error instanceof AppError && error.code === 'unauthenticated' ? challenge(request) : undefined;
      if (authenticateHeader) headers['www-authenticate'] = authenticateHeader;
      return reply.status(status).headers(headers).send(body);
    }
  });
}

/**
 * The agent of a request on an agent route. Fails closed: a route the hook did not cover (a
 * handler mounted outside `isAgentRoute`) gets the 401, never a call without a caller.
 */
export function agentOf(request: FastifyRequest): AgentPrincipal {
  if (!request.agent) throw new AppError('unauthenticated', 'send a valid API key: Authorization: Bearer cw_…');
  return request.agent;
}

/** `@Agent() agent: AgentPrincipal` in a Nest controller of an agent route. */
export const Agent = createParamDecorator((_data: unknown, context: ExecutionContext): AgentPrincipal =>
  agentOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
