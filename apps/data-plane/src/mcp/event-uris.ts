import { AppError } from '@causeway/platform';
import type { FeedFilter } from '../events/stream/event-feed';

/** The list of a tenant's events: read it for the recent ones, subscribe to it to hear of new ones. */
export const EVENTS_URI = 'causeway://events';
export const EVENT_URI_TEMPLATE = 'causeway://events/{id}';
export const EVENTS_AFTER_URI_TEMPLATE = 'causeway://events{?after,type*,connectionId}';

export type EventsUri = { kind: 'list'; filter: FeedFilter; after?: string } | { kind: 'one'; id: string };

const MAX_TYPE_PREFIXES = 20;
const MAX_PARAM_LENGTH = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POSITION = /^\d{1,19}$/;

const invalid = (message: string) => new AppError('invalid_input', message, { field: 'uri' });

/**
 * Reads a `causeway://events…` URI a client sent: `causeway://events` with optional `after`
 * (a position this server gave out), `type` (repeatable type prefix) and `connectionId`, or
 * `causeway://events/{id}` (a CloudEvent id). Anything else is the caller's mistake, named.
 */
export function parseEventsUri(uri: string): EventsUri {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw invalid(`"${uri.slice(0, MAX_PARAM_LENGTH)}" is not a URI: use ${EVENTS_URI} or ${EVENT_URI_TEMPLATE}`);
  }
  if (url.protocol !== 'causeway:' || url.host !== 'events') throw invalid(`unknown resource: this server has ${EVENTS_URI} and ${EVENT_URI_TEMPLATE}`);
  const path = url.pathname.replace(/^\//, '');
  if (path !== '') {
    if (!UUID.test(path) || url.search !== '') throw invalid(`an event's URI is ${EVENT_URI_TEMPLATE} with the CloudEvent id (a uuid)`);
    return { kind: 'one', id: path.toLowerCase() };
  }
  const params = url.searchParams;
  for (const name of params.keys()) {
    if (name !== 'after' && name !== 'type' && name !== 'connectionId')
      throw invalid(`unknown parameter "${name.slice(0, 50)}": use after, type or connectionId`);
  }
  const after = params.get('after') ?? undefined;
  if (after !== undefined && !POSITION.test(after)) throw invalid('after must be a position this server gave out (digits)');
  const typePrefixes = params.getAll('type').filter(Boolean);
  if (typePrefixes.length > MAX_TYPE_PREFIXES) throw invalid(`at most ${MAX_TYPE_PREFIXES} type prefixes`);
  const connectionId = params.get('connectionId') || undefined;
  if ([...typePrefixes, connectionId ?? ''].some((value) => value.length > MAX_PARAM_LENGTH))
    throw invalid(`a parameter is longer than ${MAX_PARAM_LENGTH} characters`);
  return { kind: 'list', filter: { typePrefixes, ...(connectionId ? { connectionId } : {}) }, ...(after ? { after } : {}) };
}

export const eventUri = (id: string) => `${EVENTS_URI}/${id}`;

/** The list URI that continues after `position` with the same filter. */
export function eventsAfterUri(position: string, filter: FeedFilter): string {
  const params = new URLSearchParams({ after: position });
  for (const prefix of filter.typePrefixes) params.append('type', prefix);
  if (filter.connectionId) params.set('connectionId', filter.connectionId);
  return `${EVENTS_URI}?${params.toString()}`;
}

/** Whether a stored event passes a list filter (the in-memory twin of the feed's WHERE). */
export function matchesFilter(event: { type: string; event: Record<string, unknown> }, filter: FeedFilter): boolean {
  if (filter.connectionId && event.event.connectionid !== filter.connectionId) return false;
  return filter.typePrefixes.length === 0 || filter.typePrefixes.some((prefix) => event.type.startsWith(prefix));
}
