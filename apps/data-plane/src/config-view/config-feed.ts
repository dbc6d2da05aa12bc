import { EVENT_HEADERS } from '@causeway/contracts';
import type { ReceivedMessage } from '@causeway/messaging';

/** A view fed by config changes (the config view, the approvals' policy view). */
export interface ConfigSink {
  handleBatch(messages: ReceivedMessage[]): Promise<void>;
}

/**
 * The one door config changes come in by, from the Kafka stream and from the control plane's
 * side channel alike (decision 0010). Each change carries its outbox seq; one entity's
 * changes get their seqs in commit order, so a change no newer than the last one applied to
 * its entity is dropped: whichever path delivers first wins, the other's copy is a no-op, and
 * an older change arriving late (the stream catching up after an outage) cannot undo a newer
 * one. The seqs of deleted entities are kept too, so a late upsert cannot bring one back.
 *
 * A change without the headers (published before they existed) is applied in arrival order,
 * as the stream alone always did. Deliveries are serialised: a batch is filtered and applied
 * before the next one is looked at.
 */
export class ConfigFeed {
  private readonly lastSeq = new Map<string, number>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly sinks: ConfigSink[]) {}

  deliver(messages: ReceivedMessage[]): Promise<void> {
    const run = this.queue.then(() => this.apply(messages));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply(messages: ReceivedMessage[]): Promise<void> {
    const fresh = messages.filter((message) => this.isNewer(message));
    if (fresh.length === 0) return;
    for (const sink of this.sinks) await sink.handleBatch(fresh);
  }

  private isNewer(message: ReceivedMessage): boolean {
    const seq = Number(message.headers[EVENT_HEADERS.outboxSeq] ?? NaN);
    const entity = message.headers[EVENT_HEADERS.configEntity];
    if (!Number.isSafeInteger(seq) || !entity || message.key === null) return true;
    const id = `${entity}:${message.key}`;
    const last = this.lastSeq.get(id);
    if (last !== undefined && seq <= last) return false;
    this.lastSeq.set(id, seq);
    return true;
  }
}
