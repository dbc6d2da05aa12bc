import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { EventFeed } from '../events/stream/event-feed';
import type { TenantEventWatch } from '../events/stream/tenant-event-watch';
import { SessionEventSubscriptions } from './event-subscriptions';
import type { McpEvents } from './mcp-server';

export interface McpSessionLimits {
  /** Sessions one key may hold; opening one more closes its least recently used. */
  perKey: number;
  /** Sessions this replica holds; past it, new ones are refused (503) until some expire. */
  total: number;
  /** A session with no request and no open stream for this long is closed. */
  idleMs: number;
  /**
   * An open GET stream is closed after this long; the client reconnects (the SDK's does by
   * itself) and so is re-authenticated: a revoked key stops hearing of events within it.
   */
  streamMaxMs: number;
  subscriptionsPerSession: number;
}

export const DEFAULT_SESSION_LIMITS: McpSessionLimits = {
  perKey: 10,
  total: 1000,
  idleMs: 15 * 60_000,
  streamMaxMs: 5 * 60_000,
  subscriptionsPerSession: 20,
};

export interface McpSession {
  readonly tenantId: string;
  readonly keyId: string;
  readonly transport: WebStandardStreamableHTTPServerTransport;
  readonly server: Server;
  readonly subscriptions: SessionEventSubscriptions;
  lastUsedMs: number;
  openStreams: number;
}

/** Who opens a session: the key it is bound to for its whole life. */
export interface SessionOwner {
  tenantId: string;
  keyId: string;
}

/**
 * The data plane's MCP sessions: only for clients that subscribe to events, the one thing
 * a stateless request cannot do (a notification needs a stream that outlives the request).
 * In memory on this replica — a session's requests must reach the replica that opened it
 * (route on `Mcp-Session-Id`); elsewhere the client gets 404 and initializes again, as the
 * spec has it. Bounded per key and per replica, closed when idle.
 */
export class McpSessions {
  private readonly sessions = new Map<string, McpSession>();
  private readonly limits: McpSessionLimits;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly feed: McpEvents['feed'] & Pick<EventFeed, 'head'>,
    private readonly watch: Pick<TenantEventWatch, 'watch' | 'close'>,
    limits: Partial<McpSessionLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_SESSION_LIMITS, ...limits };
    this.sweeper = setInterval(() => void this.sweep(), Math.min(60_000, this.limits.idleMs)).unref();
  }

  get streamMaxMs(): number {
    return this.limits.streamMaxMs;
  }

  get size(): number {
    return this.sessions.size;
  }

  /**
   * A transport and server for an initialize request; the session is kept once the SDK has
   * given it an id (a failed initialize keeps nothing). `full` when this replica holds as many
   * sessions as it may.
   */
  async open(owner: SessionOwner, createServer: (events: McpEvents) => Server): Promise<McpSession | 'full'> {
    await this.sweep();
    if (this.sessions.size >= this.limits.total) return 'full';
    const mine = [...this.sessions].filter(([, s]) => s.keyId === owner.keyId).sort(([, a], [, b]) => a.lastUsedMs - b.lastUsedMs);
    for (const [id] of mine.slice(0, Math.max(0, mine.length - this.limits.perKey + 1))) await this.close(id);

    // The subscriptions notify through the server, which is built with them: a late-bound reference.
    const bound: { server?: Server } = {};
    const subscriptions = new SessionEventSubscriptions(
      owner.tenantId,
      this.watch,
      async ({ uri, events, count }) => bound.server?.sendResourceUpdated({ uri, _meta: { 'causeway/events': events, 'causeway/count': count } }),
      this.limits.subscriptionsPerSession,
    );
    // The session's id: the SDK sends it back as Mcp-Session-Id.
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      enableJsonResponse: true,
      onsessioninitialized: (id) => void this.sessions.set(id, session),
      onsessionclosed: (id) => this.close(id),
    });
    const server = createServer({ feed: this.feed, subscriptions });
    bound.server = server;
    const session: McpSession = { ...owner, transport, server, subscriptions, lastUsedMs: this.now(), openStreams: 0 };
    await server.connect(transport);
    return session;
  }

  /** The session with this id if `owner`'s key opened it; another key's session is as unknown as a made-up id. */
  find(id: string, owner: SessionOwner): McpSession | undefined {
    const session = this.sessions.get(id);
    if (!session || session.keyId !== owner.keyId || session.tenantId !== owner.tenantId) return undefined;
    session.lastUsedMs = this.now();
    return session;
  }

  /** Closes a session (its subscriptions, its stream): idempotent. An unkept session (failed initialize) is closed by passing it. */
  async close(idOrSession: string | McpSession): Promise<void> {
    const id = typeof idOrSession === 'string' ? idOrSession : idOrSession.transport.sessionId;
    const session = typeof idOrSession === 'string' ? this.sessions.get(idOrSession) : idOrSession;
    if (id !== undefined) this.sessions.delete(id);
    if (!session) return;
    await session.subscriptions.close();
    await session.server.close().catch(() => undefined);
  }

  /** Closes sessions idle for longer than the limit (no request, no open stream). */
  async sweep(): Promise<void> {
    const cutoff = this.now() - this.limits.idleMs;
    for (const [id, session] of this.sessions) {
      if (session.openStreams === 0 && session.lastUsedMs < cutoff) await this.close(id);
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    for (const id of [...this.sessions.keys()]) await this.close(id);
    this.watch.close();
  }
}
