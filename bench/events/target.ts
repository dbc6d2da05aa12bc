/**
 * Target process of bench/events/run.ts (not run on its own): the data plane through
 * `startDataPlane` on PostgreSQL (BENCH_DATABASE_URL, a scratch database the runner made),
 * every events feature on — webhook verification, the store-then-answer ingest, the outbox
 * relay publishing CloudEvents to Kafka (acks=all), the delivery worker signing Standard
 * Webhooks through the egress guard and auditing each attempt through the audit spool.
 *
 * The CloudEvents go to real Kafka, on a topic of this run (`causeway.events.v1.bench-<run>`,
 * dropped by the runner) so the shared broker's `causeway.events.v1` is not filled with
 * benchmark events. Config and audit travel on an in-process bus, as PlatformHarness and the
 * embedded default carry them: config as the control plane publishes it (one tenant, its
 * GitHub connection, one subscription to the runner's receiver), audit to a counting consumer.
 *
 * IPC: sends { type: 'ready', url, tenantId, connectionId, webhookSecret }; answers
 * { cmd: 'profile-start' }, { cmd: 'profile-stop', file }, { cmd: 'stats' }, { cmd: 'stop' }.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { TOPICS, eventSubscriptionSecretPath, webhookSecretPath } from '@causeway/contracts';
import { startDataPlane, createDataPlaneDataSource } from '@causeway/data-plane';
import { dataPlaneConfigSchema } from '../../apps/data-plane/src/config';
import { InProcessEventBus, KafkaEventBus, type BusMessage, type EventBus, type SubscribeOptions } from '@causeway/messaging';
import { createLogger, createServiceRegistry } from '@causeway/observability';
import { LocalSecretStore } from '@causeway/secrets';
import { allTenantEntries, idOf } from '../data-plane/synthetic-config';

const DIR = process.env.BENCH_DIR!;
const DATABASE_URL = process.env.BENCH_DATABASE_URL!;
const BROKERS = process.env.BENCH_KAFKA_BROKERS!.split(',');
const EVENTS_TOPIC = process.env.BENCH_EVENTS_TOPIC!;
const RECEIVER_URL = process.env.BENCH_RECEIVER_URL!;
const LOG_LEVEL = (process.env.BENCH_LOG_LEVEL ?? 'warn') as 'warn';

const send = (message: unknown) => process.send!(message);

/** CloudEvents to Kafka (renamed to this run's topic); everything else in process. */
class EventsOnKafka implements EventBus {
  readonly kind = 'kafka' as const;
  constructor(
    private readonly kafka: KafkaEventBus,
    private readonly local: InProcessEventBus,
  ) {}

  async publish(messages: BusMessage[]): Promise<void> {
    const events = messages.filter((m) => m.topic === TOPICS.events).map((m) => ({ ...m, topic: EVENTS_TOPIC }));
    const rest = messages.filter((m) => m.topic !== TOPICS.events);
    await Promise.all([events.length > 0 ? this.kafka.publish(events) : undefined, rest.length > 0 ? this.local.publish(rest) : undefined]);
  }

  subscribe(options: SubscribeOptions) {
    return this.local.subscribe(options);
  }

  async check(): Promise<void> {
    await this.kafka.check();
  }

  async close(): Promise<void> {
    await this.kafka.close();
    await this.local.close();
  }
}

async function main() {
  const logger = createLogger('data-plane', LOG_LEVEL);
  const local = new InProcessEventBus();
  const kafka = new KafkaEventBus({
    brokers: BROKERS,
    clientId: 'bench-events',
    logger,
    topics: [{ topic: EVENTS_TOPIC, numPartitions: 6, replicationFactor: 1 }],
  });
  const bus = new EventsOnKafka(kafka, local);
  const secretStore = await LocalSecretStore.open({ dir: join(DIR, 'secrets'), masterKey: randomBytes(32).toString('base64'), logger });
  const pepper = randomBytes(32).toString('base64url');

  let auditEvents = 0;
  await local.subscribe({ groupId: 'bench-audit', topics: [TOPICS.audit], handleBatch: async (messages) => void (auditEvents += messages.length) });

  const config = dataPlaneConfigSchema.parse({
    PORT: '0',
    LOG_LEVEL,
    INSTANCE_ID: 'bench-events',
    CAUSEWAY_SECRETS_DIR: join(DIR, 'secrets'),
    AUDIT_SPOOL_DIR: join(DIR, 'audit-spool'),
    EGRESS_ALLOW_PRIVATE: '127.0.0.1/32',
    EVENTS_POLL_INTERVAL_MS: '0',
  });
  const plane = await startDataPlane({
    config,
    logger,
    registry: createServiceRegistry('data-plane'),
    bus,
    apiKeyPepper: pepper,
    secretStore,
    dataSource: createDataPlaneDataSource(DATABASE_URL, 10),
  });

  const tenantId = idOf('tenant', 0);
  const connectionId = idOf('connection', 0, 2); // the tenant's GitHub connection
  const subscriptionId = randomUUID();
  const webhookSecret = randomBytes(24).toString('hex');
  await secretStore.write(webhookSecretPath(tenantId, connectionId), { secret: webhookSecret });
  await secretStore.write(eventSubscriptionSecretPath(tenantId, subscriptionId), { secret: `whsec_${randomBytes(32).toString('base64')}` });
  const version = Date.now();
  const entries = [
    ...allTenantEntries(0, { pepper: Buffer.from(pepper, 'utf8') }),
    {
      tenantId,
      entity: 'event_subscription' as const,
      entityId: subscriptionId,
      version,
      data: {
        types: ['com.github.pull_request.*'],
        url: `${RECEIVER_URL}/hook`,
        redact: [],
        paused: false,
        createdAt: new Date(version - 60_000).toISOString(),
      },
    },
  ];
  await local.publish(
    entries.map((entry) => ({
      topic: TOPICS.config,
      key: entry.entityId,
      value: { id: randomUUID(), specVersion: 1, op: 'upsert', occurredAt: new Date().toISOString(), ...entry },
    })),
  );
  if (!plane.configView.connection(tenantId, connectionId) || plane.configView.eventSubscriptions.all().length !== 1) {
    throw new Error('config did not reach the data plane');
  }

  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));

  process.on('message', async (message: { cmd: string; file?: string }) => {
    try {
      if (message.cmd === 'stats') send({ type: 'stats', auditEvents, cpu: process.cpuUsage(), memory: process.memoryUsage() });
      if (message.cmd === 'profile-start') {
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 500 });
        await post('Profiler.start');
        send({ type: 'profile-started' });
      }
      if (message.cmd === 'profile-stop') {
        const { profile } = await post<{ profile: unknown }>('Profiler.stop');
        writeFileSync(message.file!, JSON.stringify(profile));
        send({ type: 'profile-stopped' });
      }
      if (message.cmd === 'stop') {
        await plane.close();
        await bus.close();
        send({ type: 'stopped' });
        process.exit(0);
      }
    } catch (error) {
      send({ type: 'error', error: String(error) });
    }
  });
  send({ type: 'ready', url: plane.url, tenantId, connectionId, webhookSecret });
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
