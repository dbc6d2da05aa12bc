import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { InProcessEventBus, KafkaSecurity } from '@causeway/messaging';
import { METRIC_NAMES } from '@causeway/observability';

export interface ConsumerLagOptions {
  brokers: string[];
  groupId: string;
  topic: string;
  intervalMs: number;
  logger: Logger;
  registry: Registry;
  /** The bus's TLS and SASL settings: the admin client talks to the same brokers. */
  security?: KafkaSecurity;
}

/**
 * Publishes how many messages of the audit topic the consumer group has not committed yet,
 * summed over partitions: committed offsets against the partitions' high watermarks, read
 * with the Kafka admin API on a timer (the bus port does not expose watermarks).
 */
export class ConsumerLagMonitor {
  private readonly admin: Admin;
  private readonly lag: Gauge;
  private timer?: NodeJS.Timeout;
  private connected = false;

  constructor(private readonly options: ConsumerLagOptions) {
    this.admin = new Kafka({
      clientId: 'causeway-audit-lag',
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
      ...options.security,
    }).admin();
    this.lag = new Gauge({
      name: METRIC_NAMES.auditConsumerLag,
      help: 'Audit topic messages not yet committed by the audit consumer group',
      registers: [options.registry],
    });
  }

  start(): void {
    this.timer = setInterval(() => void this.measure().catch(() => undefined), this.options.intervalMs);
    this.timer.unref();
  }

  async measure(): Promise<number> {
    if (!this.connected) {
      await this.admin.connect();
      this.connected = true;
    }
    const { topic, groupId } = this.options;
    const [watermarks, [committed]] = await Promise.all([this.admin.fetchTopicOffsets(topic), this.admin.fetchOffsets({ groupId, topics: [topic] })]);
    const committedBy = new Map(committed?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
    let lag = 0n;
    for (const w of watermarks) {
      const low = BigInt(w.low);
      const position = committedBy.get(w.partition) ?? -1n;
      lag += BigInt(w.high) - (position < low ? low : position);
    }
    this.lag.set(Number(lag));
    return Number(lag);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.connected) await this.admin.disconnect().catch(() => undefined);
  }
}

/**
 * The same gauge for the embedded default's in-process bus: read from the bus at scrape time
 * (messages published but not yet handled by the audit group), so a stalled or failing audit
 * writer shows as lag there too.
 */
export function registerInProcessConsumerLag(bus: InProcessEventBus, options: { groupId: string; topic: string; registry: Registry }): void {
  new Gauge({
    name: METRIC_NAMES.auditConsumerLag,
    help: 'Audit topic messages not yet committed by the audit consumer group',
    registers: [options.registry],
    collect() {
      this.set(bus.consumerLag(options.groupId, options.topic));
    },
  });
}
