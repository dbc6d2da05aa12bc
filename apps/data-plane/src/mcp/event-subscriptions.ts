import { AppError } from '@causeway/platform';
import type { FeedEvent, FeedFilter } from '../events/stream/event-feed';
import type { TenantEventWatch } from '../events/stream/tenant-event-watch';
import { eventUri, matchesFilter, parseEventsUri } from './event-uris';

/** How many events one `notifications/resources/updated` names; the rest are read from the list. */
export const NOTIFIED_EVENTS_MAX = 50;

export interface UpdatedEvents {
  uri: string;
  /** The new events that pass the subscription's filter, newest last, at most NOTIFIED_EVENTS_MAX. */
  events: { uri: string; type: string; position: string }[];
  /** How many matched, when more than are named. */
  count: number;
}

/**
 * One MCP session's `resources/subscribe`s: the list URIs it asked for (each with its
 * filter), bounded per session, and one listener on the tenant's event watch while there is
 * any. Events of the session's tenant only: the tenant is fixed when the session opens.
 */
export class SessionEventSubscriptions {
  private readonly filters = new Map<string, FeedFilter>();
  private watching?: Promise<() => void>;

  constructor(
    private readonly tenantId: string,
    private readonly watch: Pick<TenantEventWatch, 'watch'>,
    private readonly notify: (updated: UpdatedEvents) => Promise<void>,
    private readonly max = 20,
  ) {}

  async subscribe(uri: string): Promise<void> {
    const parsed = parseEventsUri(uri);
    if (parsed.kind === 'one')
      throw new AppError('invalid_input', 'an event never changes: subscribe to causeway://events (optionally ?type=…&connectionId=…)', { field: 'uri' });
    if (parsed.after) throw new AppError('invalid_input', 'a subscription is to what comes next: leave out after', { field: 'uri' });
    if (!this.filters.has(uri) && this.filters.size >= this.max) {
      throw new AppError('invalid_input', `at most ${this.max} subscriptions per session: unsubscribe one first`, { field: 'uri' });
    }
    this.filters.set(uri, parsed.filter);
    this.watching ??= this.watch.watch(this.tenantId, (events) => this.onEvents(events));
    await this.watching;
  }

  async unsubscribe(uri: string): Promise<void> {
    this.filters.delete(uri);
    if (this.filters.size === 0) await this.stopWatching();
  }

  get size(): number {
    return this.filters.size;
  }

  async close(): Promise<void> {
    this.filters.clear();
    await this.stopWatching();
  }

  private async stopWatching(): Promise<void> {
    const watching = this.watching;
    this.watching = undefined;
    if (watching) (await watching)();
  }

  private onEvents(events: readonly FeedEvent[]): void {
    for (const [uri, filter] of this.filters) {
      const matched = events.filter((e) => matchesFilter(e, filter));
      if (matched.length === 0) continue;
      const named = matched.slice(-NOTIFIED_EVENTS_MAX).map((e) => ({ uri: eventUri(String(e.event.id)), type: e.type, position: e.seq }));
      // A notification that cannot be sent (no stream open) is dropped: the list is the record.
      void this.notify({ uri, events: named, count: matched.length }).catch(() => undefined);
    }
  }
}
