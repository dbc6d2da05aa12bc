import { randomUUID } from 'node:crypto';
import type { Logger } from '@causeway/observability';
import type { DataSource } from 'typeorm';
import { WorkLeases } from '../leases/work-leases';
import { PollingTrigger } from './polling-trigger.entity';
import type { PollOutcome, TriggerPoller } from './trigger-poller';

export interface TriggerSchedulerOptions {
  dataSource: DataSource;
  poller: Pick<TriggerPoller, 'poll'>;
  logger: Logger;
  /** Pause between rounds; each round polls every enabled trigger once, one after another. */
  intervalMs?: number;
  onPolled?: (trigger: PollingTrigger, outcome: PollOutcome) => void;
  /** This scheduler's id in the trigger leases; one per replica (default: a random one). */
  owner?: string;
  /** Injectable so tests move time instead of sleeping; the leases expire on it. */
  now?: () => number;
  /**
   * How long a trigger's lease lasts while it is polled, renewed before each page: longer than
   * a page can take (up to 5 s of pace and a 10 s timeout), so it is only ever taken from a
   * dead poller.
   */
  pollLeaseMs?: number;
}

/** A page takes at most 5 s of pace and a 10 s timeout; four times that. */
const DEFAULT_POLL_LEASE_MS = 60_000;

/** The lease that makes one replica poll a trigger. */
export const triggerLease = (triggerId: string) => `poll:${triggerId}`;

/**
 * Polls every enabled trigger, round after round. Triggers are polled one at a time so a
 * round never bursts; each request also passes the connection's declared pace and holds in
 * the poller, shared with agents' calls through the same admission. Rounds never overlap.
 *
 * Replicas share the triggers through a lease per trigger (`work_leases`): a scheduler polls a
 * trigger only when it takes the lease, which then lasts the poll and, after it, the interval —
 * so the trigger rests for an interval whoever polled it, and each trigger is polled once per
 * interval however many replicas run. The lease is renewed before each page of a poll; a
 * scheduler that dies mid-poll leaves a lease that lapses (`pollLeaseMs`), and the next round
 * of another replica takes the trigger over.
 */
export class TriggerScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  readonly leases: WorkLeases;

  constructor(private readonly options: TriggerSchedulerOptions) {
    this.leases = new WorkLeases(options.dataSource, options.owner ?? `poller-${randomUUID()}`, options.now);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One round over every enabled trigger (public for tests); a stop ends it between triggers. */
  async round(): Promise<void> {
    const triggers = await this.options.dataSource.getRepository(PollingTrigger).find({ where: { enabled: true }, order: { createdAt: 'ASC' } });
    for (const trigger of triggers) {
      if (this.stopped && this.running) return;
      const lease = triggerLease(trigger.id);
      try {
        // Not renewed by its own holder either: a trigger polled by anyone rests for the interval.
        if (!(await this.leases.take(lease, this.pollLeaseMs(), { renew: false }))) continue;
      } catch (error) {
        this.options.logger.warn({ triggerId: trigger.id, err: error }, 'polling trigger lease unavailable');
        continue;
      }
      try {
        const outcome = await this.options.poller.poll(trigger, { beforePage: () => this.leases.holdFor(lease, this.pollLeaseMs()) });
        this.options.onPolled?.(trigger, outcome);
        if (outcome.status === 'failed') this.options.logger.warn({ triggerId: trigger.id, reason: outcome.reason }, 'polling trigger failed');
      } catch (error) {
        this.options.logger.warn({ triggerId: trigger.id, err: error }, 'polling trigger threw');
      }
      await this.leases.holdFor(lease, this.intervalMs()).catch(() => undefined);
    }
  }

  private pollLeaseMs(): number {
    return this.options.pollLeaseMs ?? DEFAULT_POLL_LEASE_MS;
  }

  private intervalMs(): number {
    return this.options.intervalMs ?? 5_000;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.intervalMs());
      });
    }, delayMs);
  }
}
