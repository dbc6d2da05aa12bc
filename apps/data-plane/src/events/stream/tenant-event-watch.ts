import type { EventFeed, FeedEvent } from './event-feed';

export type NewEventsListener = (events: readonly FeedEvent[]) => void;

interface Watched {
  position: string;
  readonly listeners: Set<NewEventsListener>;
}

/**
 * Tells listeners of a tenant's events stored after they started listening. One poll of the
 * feed per watched tenant and tick, however many listeners (MCP sessions) it has, so a
 * thousand subscribed sessions of one tenant cost what one does. The feed, not the ingest
 * path, is the source: the event may have arrived on another replica.
 *
 * A hint, not a delivery log: a listener that misses a tick's events (its stream was down)
 * reads the feed after its own position to catch up.
 */
export class TenantEventWatch {
  private readonly tenants = new Map<string, Watched>();
  private readonly timer: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly feed: Pick<EventFeed, 'after' | 'head'>,
    pollMs = 500,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.timer = setInterval(() => void this.poll(), pollMs).unref();
  }

  /** Starts telling `listener` of the tenant's events from now on; the returned function stops it. */
  async watch(tenantId: string, listener: NewEventsListener): Promise<() => void> {
    let watched = this.tenants.get(tenantId);
    if (!watched) {
      const position = await this.feed.head(tenantId);
      // A concurrent watch of the same tenant may have registered it while the head was read.
      watched = this.tenants.get(tenantId) ?? { position, listeners: new Set() };
      this.tenants.set(tenantId, watched);
    }
    const entry = watched;
    entry.listeners.add(listener);
    return () => {
      entry.listeners.delete(listener);
      if (entry.listeners.size === 0 && this.tenants.get(tenantId) === entry) this.tenants.delete(tenantId);
    };
  }

  /** How many tenants are being polled (for tests and metrics). */
  get watchedTenants(): number {
    return this.tenants.size;
  }

  /** One round: every watched tenant's events since its position, to its listeners. Rounds never overlap. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const [tenantId, watched] of this.tenants) {
        try {
          const events = await this.feed.after(tenantId, watched.position, { typePrefixes: [] });
          if (events.length === 0) continue;
          watched.position = events[events.length - 1].seq;
          for (const listener of watched.listeners) {
            try {
              listener(events);
            } catch (error) {
              this.onError(error);
            }
          }
        } catch (error) {
          // The store being down delays the hint; the position stays, so nothing is skipped.
          this.onError(error);
        }
      }
    } finally {
      this.polling = false;
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.tenants.clear();
  }
}
