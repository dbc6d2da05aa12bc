import { errorBody } from '@causeway/contracts';
import { AppError } from '@causeway/platform';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ReadResourceResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { EventFeed, FeedEvent } from '../events/stream/event-feed';
import { EVENT_URI_TEMPLATE, EVENTS_AFTER_URI_TEMPLATE, EVENTS_URI, eventsAfterUri, eventUri, parseEventsUri } from './event-uris';
import type { SessionEventSubscriptions } from './event-subscriptions';

/** What a resource handler needs to know of its caller. */
export interface EventsCaller {
  principal: { tenantId: string; permissions: readonly string[] };
  requestId: string;
}

export interface EventResourcesDeps {
  feed: Pick<EventFeed, 'after' | 'latest' | 'byId'>;
  /** The caller of the request being handled (re-authenticated on every HTTP request). */
  callerOf: (extra: unknown) => EventsCaller;
  /** Present in a session; without one there is no stream to notify on. */
  subscriptions?: SessionEventSubscriptions;
}

/** Events per read of the list. */
export const EVENTS_PAGE = 50;
/** The spec's code for a resource that does not exist. */
const RESOURCE_NOT_FOUND = -32002;

/** The `resources` capability as this server can honour it. */
export const eventResourcesCapability = (subscribe: boolean) => ({ subscribe, listChanged: false });

/**
 * The tenant's provider events as MCP resources, for a key with the `read:Event` scope (the
 * one `GET /v1/events` asks for):
 * - `causeway://events` — the newest events; `?after=<position>` what followed a position
 *   (each read says where to continue, `_meta["causeway/next"]`), `?type=` / `?connectionId=`
 *   filter as on the SSE route;
 * - `causeway://events/{id}` — one event, by its CloudEvent id;
 * - `resources/subscribe` to `causeway://events[?type=…]` (sessions only) sends
 *   `notifications/resources/updated` naming the new events.
 */
export function registerEventResources(server: Server, deps: EventResourcesDeps): void {
  const allowed = (extra: unknown): EventsCaller => {
    const caller = deps.callerOf(extra);
    if (!caller.principal.permissions.includes('read:Event')) {
      const body = errorBody('forbidden', 'this key lacks the read:Event scope (the events scope) needed for causeway://events', caller.requestId);
      throw new McpError(ErrorCode.InvalidRequest, body.error.message, body.error);
    }
    return caller;
  };

  server.setRequestHandler(ListResourcesRequestSchema, (_request, extra) => {
    allowed(extra);
    return {
      resources: [
        {
          uri: EVENTS_URI,
          name: 'events',
          title: 'Recent events',
          description: `Your organisation's newest provider events (CloudEvents), oldest first. Read ${EVENTS_URI}?after=<position> for what followed; subscribe to hear of new ones.`,
          mimeType: 'application/json',
        },
      ],
    };
  });

  server.setRequestHandler(ListResourceTemplatesRequestSchema, (_request, extra) => {
    allowed(extra);
    return {
      resourceTemplates: [
        {
          uriTemplate: EVENT_URI_TEMPLATE,
          name: 'event',
          title: 'One event',
          description: 'A provider event by its CloudEvent id.',
          mimeType: 'application/json',
        },
        {
          uriTemplate: EVENTS_AFTER_URI_TEMPLATE,
          name: 'events-after',
          title: 'Events after a position',
          description: 'The events that followed a position, filtered by type prefix and connection; the read names the next position.',
          mimeType: 'application/json',
        },
      ],
    };
  });

  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra): Promise<ReadResourceResult> => {
    const caller = allowed(extra);
    const uri = orInvalidParams(() => parseEventsUri(request.params.uri), caller.requestId);
    const tenantId = caller.principal.tenantId;
    if (uri.kind === 'one') {
      const found = await deps.feed.byId(tenantId, uri.id);
      if (!found) {
        const body = errorBody('not_found', `no event ${uri.id} in this organisation`, caller.requestId, { field: 'uri' });
        throw new McpError(RESOURCE_NOT_FOUND, body.error.message, body.error);
      }
      return { contents: [eventContent(found)] };
    }
    const events = uri.after ? await deps.feed.after(tenantId, uri.after, uri.filter, EVENTS_PAGE) : await deps.feed.latest(tenantId, uri.filter, EVENTS_PAGE);
    const last = events.at(-1)?.seq ?? uri.after;
    return {
      contents: events.map(eventContent),
      ...(last ? { _meta: { 'causeway/next': eventsAfterUri(last, uri.filter) } } : {}),
    };
  });

  server.setRequestHandler(SubscribeRequestSchema, async (request, extra) => {
    const caller = allowed(extra);
    if (!deps.subscriptions) throw noSession(caller.requestId);
    await orInvalidParamsAsync(() => deps.subscriptions!.subscribe(request.params.uri), caller.requestId);
    return {};
  });

  server.setRequestHandler(UnsubscribeRequestSchema, async (request, extra) => {
    const caller = allowed(extra);
    if (!deps.subscriptions) throw noSession(caller.requestId);
    await deps.subscriptions.unsubscribe(request.params.uri);
    return {};
  });
}

function eventContent(e: FeedEvent) {
  return {
    uri: eventUri(String(e.event.id)),
    mimeType: 'application/json',
    text: JSON.stringify(e.event),
    _meta: { 'causeway/position': e.seq, 'causeway/type': e.type },
  };
}

function noSession(requestId: string): McpError {
  const body = errorBody(
    'invalid_input',
    'resources/subscribe needs a session: initialize first with a key that has the read:Event scope, and keep its Mcp-Session-Id',
    requestId,
  );
  return new McpError(ErrorCode.InvalidRequest, body.error.message, body.error);
}

function toInvalidParams(error: unknown, requestId: string): unknown {
  if (!(error instanceof AppError) || error.code !== 'invalid_input') return error;
  const body = errorBody('invalid_input', error.message, requestId, error.extra.field ? { field: error.extra.field } : {});
  return new McpError(ErrorCode.InvalidParams, error.message, body.error);
}

function orInvalidParams<T>(run: () => T, requestId: string): T {
  try {
    return run();
  } catch (error) {
    throw toInvalidParams(error, requestId);
  }
}

async function orInvalidParamsAsync<T>(run: () => Promise<T>, requestId: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toInvalidParams(error, requestId);
  }
}
