import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '@causeway/contracts';
import { requestIdOf } from '@causeway/platform';
import type { InboundRequest } from '../verifiers';
import type { IngestOutcome, WebhookIngest } from './webhook-ingest';

export const WEBHOOK_PATH = '/v1/webhooks/:tenantId/:connectionId';

/**
 * `POST /v1/webhooks/{tenantId}/{connectionId}`: the stable URL a vendor is given for one
 * connection. Not authenticated by API key: the vendor's signature is the authentication.
 * Served in its own Fastify scope whose only body parser keeps the raw bytes, because every
 * vendor signs the body as sent, not a re-serialisation of its JSON.
 *
 * Answers 200 only once the event is stored (or known); 401 for a forged, stale or unsigned
 * delivery; 404 when the connection takes no webhooks; 503 when the store is down, which every
 * vendor retries.
 */
export function registerWebhookRoute(fastify: FastifyInstance, ingest: WebhookIngest, onError: (error: unknown) => void): void {
  void fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post(WEBHOOK_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
      const requestId = requestIdOf(request);
      const { tenantId, connectionId } = request.params as { tenantId: string; connectionId: string };
      try {
        const outcome = await ingest.receive(tenantId, connectionId, toInbound(request));
        return answer(reply, outcome, requestId);
      } catch (error) {
        onError(error);
        return reply.status(503).send(errorBody('unavailable', 'the event could not be stored; retry', requestId));
      }
    });
  });
}

function answer(reply: FastifyReply, outcome: IngestOutcome, requestId: string) {
  switch (outcome.status) {
    case 'stored':
    case 'duplicate':
      return reply.status(200).send({ id: outcome.id, duplicate: outcome.status === 'duplicate' });
    case 'challenge':
      return reply.status(200).send({ challenge: outcome.challenge });
    case 'refused':
      if (outcome.refusal === 'malformed') return reply.status(400).send(errorBody('invalid_input', outcome.detail, requestId));
      return reply.status(401).send(errorBody('unauthenticated', outcome.detail, requestId));
    case 'unknown':
      return reply.status(404).send(errorBody('not_found', 'no webhook is configured for this connection', requestId));
  }
}

function toInbound(request: FastifyRequest): InboundRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  return { method: request.method, path: request.url, headers, body };
}
