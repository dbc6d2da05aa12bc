import { z } from 'zod';
import { EVENT_HEADERS, TOPICS } from '@causeway/contracts';
import type { ReceivedMessage } from '@causeway/messaging';
import type { Logger } from '@causeway/observability';
import { serviceFetch } from '@causeway/egress';
import type { ConfigFeed } from './config-feed';

const pageSchema = z.object({
  head: z.string().regex(/^\d+$/),
  more: z.boolean(),
  changes: z.array(
    z.object({ seq: z.string().regex(/^\d+$/), key: z.string(), headers: z.record(z.string(), z.string()), event: z.record(z.string(), z.unknown()) }),
  ),
});

export interface ConfigChangesPollerOptions {
  controlPlaneUrl: string;
  token: string;
  intervalMs: number;
  feed: ConfigFeed;
  logger: Logger;
  /** The outbox head the start-up snapshot was read at; without it the first poll only finds the head. */
  after?: string;
}

/**
 * The config stream's side channel (decision 0010): every `intervalMs` the replica asks the
 * control plane for the config changes after the last outbox seq it saw and feeds them
 * through the same door as the stream. So a revocation reaches the data plane within about
 * one interval whatever Kafka does (down, restarting, its consumer waiting to rejoin), and
 * the stream remains what rebuilds a replica whose control plane is away.
 */
export class ConfigChangesPoller {
  private cursor: string | undefined;
  private timer?: NodeJS.Timeout;
  private running = false;
  private inFlight?: Promise<void>;
  private failing = false;

  constructor(private readonly options: ConfigChangesPollerOptions) {
    this.cursor = options.after;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async close(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  /** One round trip; resolves true when the page was full (more is waiting). */
  async pollOnce(): Promise<boolean> {
    const { controlPlaneUrl, token, feed } = this.options;
    const url = new URL('/internal/config/changes', controlPlaneUrl);
    if (this.cursor !== undefined) url.searchParams.set('after', this.cursor);
    const response = await serviceFetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(Math.max(1000, this.options.intervalMs * 4)),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const page = pageSchema.parse(await response.json());
    if (this.cursor !== undefined) await feed.deliver(page.changes.map(toMessage));
    this.cursor = page.head;
    return page.more;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.round();
    }, delayMs);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    let more = false;
    try {
      more = await this.pollOnce();
      if (this.failing) this.options.logger.info('config side channel answering again');
      this.failing = false;
    } catch (error) {
      // Logged once per failure spell: the stream still runs, and /readyz does not depend on this.
      if (!this.failing)
        this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'config side channel unavailable; relying on the stream');
      this.failing = true;
    }
    this.schedule(more ? 0 : this.options.intervalMs);
  }
}

function toMessage(change: z.infer<typeof pageSchema>['changes'][number]): ReceivedMessage {
  return {
    topic: TOPICS.config,
    partition: -1,
    offset: change.seq,
    key: change.key,
    value: JSON.stringify(change.event),
    headers: { ...change.headers, [EVENT_HEADERS.outboxSeq]: change.seq },
  };
}
