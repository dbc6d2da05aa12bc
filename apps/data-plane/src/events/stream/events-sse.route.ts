import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '@causeway/contracts';
import { requestIdOf } from '@causeway/platform';
import { agentOf } from '../../agent-auth/agent-key-hook';
import type { EventFeed, FeedFilter } from './event-feed';

export interface SseOptions {
  pollMs?: number;
  heartbeatMs?: number;
}

/**
 * `GET /v1/events`: the tenant's provider events as Server-Sent Events, for a key with the
 * `read:Event` scope (the agent-key hook has authenticated it). Each message's `id` is the event's position; a client that reconnects
 * with `Last-Event-ID` gets exactly what came after it, in order, nothing repeated. Without
 * it the stream starts at the newest event. Filters: `?type=com.github.` (repeatable prefix),
 * `?connectionId=`.
 */
export function registerEventsSseRoute(fastify: FastifyInstance, feed: EventFeed, options: SseOptions = {}): void {
  fastify.get('/v1/events', async (request: FastifyRequest, reply: FastifyReply) => {
    const requestId = requestIdOf(request);
    const principal = agentOf(request);
    if (!principal.permissions.includes('read:Event')) {
      return reply.status(403).send(errorBody('forbidden', 'this key lacks the read:Event scope', requestId));
    }
    const { tenantId } = principal;
    const lastEventId = header(request.headers['last-event-id']) ?? (request.query as { lastEventId?: string }).lastEventId;
    if (lastEventId !== undefined && !/^\d{1,19}$/.test(lastEventId)) {
      return reply.status(400).send(errorBody('invalid_input', 'Last-Event-ID must be an id this stream sent', requestId, { field: 'Last-Event-ID' }));
    }
    const filter = filterOf(request.query as Record<string, string | string[] | undefined>);
    let position = lastEventId ?? (await feed.head(tenantId));

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(': connected\n\n');
    let open = true;
    request.raw.on('close', () => (open = false));
    const pollMs = options.pollMs ?? 500;
    const heartbeatMs = options.heartbeatMs ?? 15_000;
    let lastWrite = Date.now();
    while (open) {
      try {
        const events = await feed.after(tenantId, position, filter);
        for (const e of events) {
          if (!open) break;
          raw.write(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e.event)}\n\n`);
          position = e.seq;
          lastWrite = Date.now();
        }
        if (events.length > 0) continue;
      } catch {
        // The store being down pauses the stream; the client keeps its position either way.
      }
      if (Date.now() - lastWrite >= heartbeatMs) {
        raw.write(': keep-alive\n\n');
        lastWrite = Date.now();
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
    raw.end();
  });
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function filterOf(query: Record<string, string | string[] | undefined>): FeedFilter {
  const types = query.type === undefined ? [] : Array.isArray(query.type) ? query.type : [query.type];
  const connectionId = typeof query.connectionId === 'string' && query.connectionId ? query.connectionId : undefined;
  return { typePrefixes: types.filter(Boolean).slice(0, 20), connectionId };
}
