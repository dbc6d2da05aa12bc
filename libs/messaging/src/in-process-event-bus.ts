import type { BusMessage, EventBus, ReceivedMessage, SubscribeOptions, Subscription } from './event-bus';
import { encodeMessageValue } from './event-bus';

interface Group {
  options: SubscribeOptions;
  /** Next absolute offset to deliver, per topic. */
  next: Map<string, number>;
  closed: boolean;
  /** Deliveries run one after another so each group sees a topic in order. */
  chain: Promise<void>;
}

interface TopicLog {
  /** Absolute offset of `entries[0]`; entries every group has handled are trimmed. */
  base: number;
  entries: ReceivedMessage[];
}

/** Retained for groups that subscribe later with `fromBeginning`, when nobody consumes yet. */
const MAX_UNCONSUMED = 10_000;

/**
 * The embedded default's bus. `publish` resolves only after every subscribed group has
 * handled the messages (or rejects if one failed), so the outbox marks a row sent only when
 * its consumers have it: the same at-least-once promise Kafka gives, without a broker.
 * The log lives in memory; durability comes from the outbox rows in the database.
 */
export class InProcessEventBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly logs = new Map<string, TopicLog>();
  private readonly groups: Group[] = [];

  async publish(messages: BusMessage[]): Promise<void> {
    const touched = new Set<string>();
    for (const message of messages) {
      const log = this.logFor(message.topic);
      log.entries.push({
        topic: message.topic,
        partition: 0,
        offset: String(log.base + log.entries.length),
        key: message.key,
        value: encodeMessageValue(message.value),
        headers: { ...message.headers },
      });
      touched.add(message.topic);
    }
    const deliveries = this.activeGroups()
      .filter((g) => g.options.topics.some((t) => touched.has(t)))
      .map((g) => this.deliver(g));
    try {
      await Promise.all(deliveries);
    } finally {
      for (const topic of touched) this.trim(topic);
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const group: Group = { options, next: new Map(), closed: false, chain: Promise.resolve() };
    for (const topic of options.topics) {
      const log = this.logFor(topic);
      group.next.set(topic, options.fromBeginning ? log.base : log.base + log.entries.length);
    }
    this.groups.push(group);
    if (options.fromBeginning) await this.deliver(group).catch(() => undefined);
    return {
      close: async () => {
        group.closed = true;
        await group.chain;
      },
    };
  }

  async check(): Promise<void> {}

  /**
   * Messages of `topic` published but not yet handled by consumer group `groupId`: what a
   * Kafka consumer group's lag is. Deliveries to a group run one after another, so a slow
   * consumer queues publishes behind it, and a failing one leaves its messages unhandled
   * until the next publish delivers them again: both show here. 0 for an unknown group.
   */
  consumerLag(groupId: string, topic: string): number {
    const log = this.logs.get(topic);
    if (!log) return 0;
    const end = log.base + log.entries.length;
    let lag = 0;
    for (const group of this.activeGroups()) {
      if (group.options.groupId !== groupId || !group.options.topics.includes(topic)) continue;
      lag = Math.max(lag, end - (group.next.get(topic) ?? log.base));
    }
    return lag;
  }

  async close(): Promise<void> {
    for (const group of this.groups) group.closed = true;
    await Promise.all(this.groups.map((g) => g.chain));
  }

  private deliver(group: Group): Promise<void> {
    const run = async () => {
      for (const topic of group.options.topics) {
        const log = this.logFor(topic);
        const from = group.next.get(topic) ?? log.base;
        const end = log.base + log.entries.length;
        if (from >= end || group.closed) continue;
        await group.options.handleBatch(log.entries.slice(from - log.base));
        group.next.set(topic, end);
      }
    };
    const result = group.chain.then(run);
    group.chain = result.catch(() => undefined);
    return result;
  }

  private trim(topic: string): void {
    const log = this.logFor(topic);
    const readers = this.activeGroups().filter((g) => g.options.topics.includes(topic));
    const consumedUpTo = readers.length ? Math.min(...readers.map((g) => g.next.get(topic) ?? log.base)) : log.base + log.entries.length - MAX_UNCONSUMED;
    const drop = Math.max(0, consumedUpTo - log.base);
    if (drop > 0) {
      log.entries.splice(0, drop);
      log.base += drop;
    }
  }

  private activeGroups(): Group[] {
    return this.groups.filter((g) => !g.closed);
  }

  private logFor(topic: string): TopicLog {
    let log = this.logs.get(topic);
    if (!log) this.logs.set(topic, (log = { base: 0, entries: [] }));
    return log;
  }
}
