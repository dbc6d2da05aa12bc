import { Consumer as PlatformaticConsumer, stringDeserializers, type Message } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaEventBus, ReceivedMessage, SubscribeOptions, Subscription } from '@causeway/messaging';

/**
 * Consumers that feed the audit ingestor the way the bus port does (one partition's batch at a
 * time, offsets committed only after the handler resolved), so the benchmark compares Kafka
 * clients and not designs.
 */
export interface BatchSubscriber {
  name: string;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
}

/** libs/messaging's Kafka adapter exactly as it is. */
export function adapterAsIs(bus: KafkaEventBus): BatchSubscriber {
  return { name: 'kafkajs (libs/messaging adapter as is)', subscribe: (options) => bus.subscribe(options) };
}

/**
 * The adapter's consumer with the one-line fix proposed for libs/messaging: resolve the
 * batch's last offset after the handler, so kafkajs fetches past it.
 */
export function kafkajsFixed(brokers: string[]): BatchSubscriber {
  return {
    name: 'kafkajs (adapter + resolveOffset fix)',
    async subscribe(options) {
      const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers, logLevel: logLevel.NOTHING });
      const consumer = kafka.consumer({ groupId: options.groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? false });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
          if (!isRunning() || isStale() || batch.messages.length === 0) return;
          await options.handleBatch(
            batch.messages.map((m) => ({
              topic: batch.topic,
              partition: batch.partition,
              offset: m.offset,
              key: m.key?.toString() ?? null,
              value: m.value?.toString() ?? null,
              headers: {},
            })),
          );
          const last = batch.messages[batch.messages.length - 1].offset;
          resolveOffset(last);
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
          await heartbeat();
        },
      });
      return { close: () => consumer.disconnect() };
    },
  };
}

const FLUSH_AT = 2000;
const FLUSH_EVERY_MS = 5;

/**
 * @platformatic/kafka delivers a stream of messages, not batches: buffer per partition, and
 * flush when enough arrived or the stream went quiet for a moment, with the stream paused so
 * the commit of a partition's batch always follows its handling.
 */
export function platformatic(brokers: string[]): BatchSubscriber {
  return {
    name: '@platformatic/kafka',
    async subscribe(options) {
      const consumer = new PlatformaticConsumer({
        groupId: options.groupId,
        clientId: 'bench-platformatic',
        bootstrapBrokers: brokers,
        deserializers: stringDeserializers,
        sessionTimeout: 10000,
        heartbeatInterval: 1000,
      });
      const stream = await consumer.consume({
        topics: options.topics,
        autocommit: false,
        mode: 'committed',
        fallbackMode: options.fromBeginning ? 'earliest' : 'latest',
        maxBytesPerPartition: 1024 * 1024,
      });
      const pending = new Map<string, Message<string, string, string, string>[]>();
      let buffered = 0;
      let flushing: Promise<void> | undefined;
      let timer: NodeJS.Timeout | undefined;
      let failure: unknown;

      const flush = async () => {
        stream.pause();
        try {
          const batches = [...pending.values()];
          pending.clear();
          buffered = 0;
          for (const messages of batches) {
            const received: ReceivedMessage[] = messages.map((m) => ({
              topic: m.topic,
              partition: m.partition,
              offset: m.offset.toString(),
              key: m.key ?? null,
              value: m.value ?? null,
              headers: {},
            }));
            await options.handleBatch(received);
            await messages[messages.length - 1].commit();
          }
        } catch (error) {
          failure = error; // a benchmark stops at the first failure instead of redelivering
        } finally {
          flushing = undefined;
          stream.resume();
        }
      };
      const schedule = () => {
        if (flushing) return;
        clearTimeout(timer);
        if (buffered >= FLUSH_AT) flushing = flush();
        else timer = setTimeout(() => (flushing ??= flush()), FLUSH_EVERY_MS);
      };
      stream.on('data', (message: Message<string, string, string, string>) => {
        const key = `${message.topic}:${message.partition}`;
        const list = pending.get(key);
        if (list) list.push(message);
        else pending.set(key, [message]);
        buffered += 1;
        schedule();
      });
      return {
        close: async () => {
          clearTimeout(timer);
          await flushing;
          await stream.close();
          await consumer.close(true);
          if (failure) throw failure;
        },
      };
    },
  };
}
