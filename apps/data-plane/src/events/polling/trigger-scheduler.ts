import type { Logger } from '@causeway/observability';
import type { DataSource } from 'typeorm';
import { PollingTrigger } from './polling-trigger.entity';
import type { PollOutcome, TriggerPoller } from './trigger-poller';

export interface TriggerSchedulerOptions {
  dataSource: DataSource;
  poller: TriggerPoller;
  logger: Logger;
  /** Pause between rounds; each round polls every enabled trigger once, one after another. */
  intervalMs?: number;
  onPolled?: (trigger: PollingTrigger, outcome: PollOutcome) => void;
}

/**
 * Polls every enabled trigger, round after round. Triggers are polled one at a time so a
 * round never bursts; each request also passes the connection's declared pace and holds in
 * the poller, shared with agents' calls through the same admission. Rounds never overlap.
 */
export class TriggerScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: TriggerSchedulerOptions) {}

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
      try {
        const outcome = await this.options.poller.poll(trigger);
        this.options.onPolled?.(trigger, outcome);
        if (outcome.status === 'failed') this.options.logger.warn({ triggerId: trigger.id, reason: outcome.reason }, 'polling trigger failed');
      } catch (error) {
        this.options.logger.warn({ triggerId: trigger.id, err: error }, 'polling trigger threw');
      }
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.options.intervalMs ?? 5_000);
      });
    }, delayMs);
  }
}
