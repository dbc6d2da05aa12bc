import { Kafka, Partitioners, type Admin, type Consumer, type ITopicConfig, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { METRIC_NAMES } from '@causeway/observability';
import { Counter, type Registry } from 'prom-client';
import type { BusMessage, EventBus, ReceivedMessage, SubscribeOptions, Subscription } from './event-bus';
import { encodeMessageValue } from './event-bus';
import { kafkaClientLogLevel, kafkaLogCreator } from './kafka-log';
import type { KafkaSecurity } from './kafka-security';
import { sendTraced } from './trace-context';

export interface KafkaEventBusOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  registry?: Registry;
  /** Topics created at connect when missing (idempotent). */
  topics?: ITopicConfig[];
  /** TLS and SASL for a managed broker (kafkaSecurityFromEnv); plaintext without. */
  security?: KafkaSecurity;
}

/**
 * Kafka adapter (kafkajs). The producer is idempotent with acks=all, so a retried send never
 * duplicates within a producer session and a resolved `publish` means every in-sync replica
 * has the messages. Consumers commit offsets only after the handler resolved.
 */
export class KafkaEventBus implements EventBus {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private producer: Producer;
  private readonly admin: Admin;
  private readonly consumers = new Set<Consumer>();
  private connecting?: Promise<void>;
  private readonly producerErrors?: Counter;

  /** For other clients of the same brokers (the audit lag monitor's admin). */
  readonly security: KafkaSecurity;

  constructor(private readonly options: KafkaEventBusOptions) {
    this.security = options.security ?? {};
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ...this.security,
      logLevel: kafkaClientLogLevel(options.logger),
      logCreator: kafkaLogCreator(options.logger),
      retry: { initialRetryTime: 200, retries: 5, maxRetryTime: 5000 },
      connectionTimeout: 3000,
    });
    this.producer = this.newProducer();
    this.admin = this.kafka.admin();
    if (options.registry) {
      this.producerErrors = new Counter({
        name: METRIC_NAMES.kafkaProducerErrors,
        help: 'Kafka sends that failed after the client retries',
        registers: [options.registry],
      });
    }
  }

  private newProducer(): Producer {
    // Named explicitly (it is kafkajs 2's default) so kafkajs does not warn about it at every start.
    return this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  }

  /**
   * After a failed send the producer is replaced. A broker restart that cuts a batch in half
   * can leave kafkajs's idempotent producer with sequence numbers the broker never accepts
   * again (OUT_OF_ORDER_SEQUENCE_NUMBER, sometimes wrapped in a retries-exceeded error), and
   * every later send fails the same way. A new producer gets a new producer id and starts its
   * sequences afresh; the batch is sent again (at-least-once: consumers dedupe on event id).
   * During an outage this costs one reconnect attempt per retry, which fails anyway.
   */
  private async replaceProducer(error: unknown): Promise<void> {
    const text = `${(error as { type?: string }).type ?? ''} ${error instanceof Error ? error.message : String(error)} ${String((error as { originalError?: unknown }).originalError ?? '')}`;
    if (/OUT_OF_ORDER_SEQUENCE_NUMBER|out of order sequence|UNKNOWN_PRODUCER_ID|INVALID_PRODUCER_EPOCH/i.test(text)) {
      this.options.logger.warn('replacing the Kafka producer after a sequence error');
    }
    const old = this.producer;
    this.producer = this.newProducer();
    this.connecting = undefined;
    await old.disconnect().catch(() => undefined);
  }

  /** Connects and creates the declared topics; safe to call more than once. */
  connect(): Promise<void> {
    this.connecting ??= (async () => {
      await this.admin.connect();
      if (this.options.topics?.length) {
        await this.admin.createTopics({ topics: this.options.topics, waitForLeaders: true });
      }
      await this.producer.connect();
    })().catch((error) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  async publish(messages: BusMessage[]): Promise<void> {
    if (messages.length === 0) return;
    try {
      await this.connect();
      await sendTraced(messages, (traced) => this.sendBatch(traced));
    } catch (error) {
      this.producerErrors?.inc();
      await this.replaceProducer(error);
      throw error;
    }
  }

  private async sendBatch(messages: BusMessage[]): Promise<void> {
    const byTopic = new Map<string, BusMessage[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: encodeMessageValue(m.value), headers: m.headers })),
      })),
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    await this.connect();
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
      // A broker outage must not end consumption for good: kafkajs restarts the consumer. It
      // waits the last backoff before the restart, so the backoff is capped at 1 s (kafkajs'
      // default cap is 30 s; at 5 s a broker back from an outage went unread for seconds).
      retry: { initialRetryTime: 300, maxRetryTime: 1000, retries: 10, restartOnFailure: async () => true },
    });
    this.consumers.add(consumer);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? false });
    } catch (error) {
      // A failed start leaves nothing behind: callers may try again (subscribeInBackground).
      this.consumers.delete(consumer);
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const received: ReceivedMessage[] = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key?.toString() ?? null,
          value: m.value?.toString() ?? null,
          headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(v ?? '')])),
        }));
        // Throwing here leaves the offsets uncommitted: the batch comes again after restart.
        await options.handleBatch(received);
        const last = batch.messages[batch.messages.length - 1].offset;
        // Without resolving, kafkajs fetches the same batch again and again: the committed
        // offset moves the group on, but not this consumer's own fetch position.
        resolveOffset(last);
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
        await heartbeat();
      },
    });
    return {
      close: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async check(): Promise<void> {
    await this.connect();
    await this.admin.describeCluster();
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
