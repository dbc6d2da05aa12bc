import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { METRIC_NAMES } from '@causeway/observability';
import { signCheckpoint } from './checkpoint';
import type { CheckpointStore } from './checkpoint-store';
import type { SigningKey } from './signing-key';

export interface CheckpointerOptions {
  store: CheckpointStore;
  key: SigningKey;
  logger: Logger;
  registry: Registry;
  intervalMs: number;
}

/**
 * Periodically signs the head of every tenant whose chain grew since its last checkpoint.
 * A signed head is what makes a cut-off tail detectable: the chain alone cannot tell that
 * its last events are missing, a signature over a later head can.
 */
export class Checkpointer {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly signed: Counter;

  constructor(private readonly options: CheckpointerOptions) {
    this.signed = new Counter({
      name: METRIC_NAMES.auditCheckpointsSigned,
      help: 'Signed checkpoints written',
      registers: [options.registry],
    });
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and, so the last events get a checkpoint, signs once more. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.runOnce().catch((error) => this.options.logger.warn({ err: error }, 'final checkpoint failed'));
  }

  async runOnce(): Promise<number> {
    const heads = await this.options.store.headsPastLatestCheckpoint();
    const createdAt = new Date().toISOString();
    const checkpoints = heads.map((h) => signCheckpoint({ tenantId: h.tenantId, seq: h.seq, headHash: h.hash.toString('hex'), createdAt }, this.options.key));
    const inserted = await this.options.store.insert(checkpoints);
    this.signed.inc(inserted);
    return inserted;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.runOnce()
      .catch((error) => this.options.logger.warn({ err: error }, 'checkpointing failed; retrying next interval'))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
