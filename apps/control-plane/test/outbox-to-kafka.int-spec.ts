import 'reflect-metadata';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { auditEventSchema, TOPICS } from '@causeway/contracts';
import { migrate } from '@causeway/database';
import { causewayTopics, KafkaEventBus, OutboxRelay } from '@causeway/messaging';
import { createLogger, createServiceRegistry } from '@causeway/observability';
import { createScratchDatabase, eventually, kafkaBroker, testKafkaBrokers, uniqueId, type ScratchDatabase } from '@causeway/testing';
import { createControlPlaneDataSource } from '../src/database/data-source';
import { RolesService } from '../src/roles/roles.service';
import { TenantsService } from '../src/tenants/tenants.service';

const operator = { type: 'operator' as const, id: 'ops@example.com' };

/**
 * The control plane's outbox against real Postgres and a real Kafka broker: every committed
 * change reaches the audit topic, including the ones made while the broker was down.
 */
describe('control-plane outbox to Kafka', () => {
  let db: ScratchDatabase;
  let dataSource: DataSource;
  let bus: KafkaEventBus;
  let relay: OutboxRelay;
  let tenants: TenantsService;
  let consumer: Consumer;
  const received = new Map<string, number>();
  const logger = createLogger('test', process.env.TEST_LOG_LEVEL ?? 'fatal');

  beforeAll(async () => {
    db = await createScratchDatabase('outbox');
    dataSource = createControlPlaneDataSource(db.url, 4);
    await dataSource.initialize();
    await migrate(dataSource);
    const registry = createServiceRegistry('control-plane');
    bus = new KafkaEventBus({ brokers: testKafkaBrokers(), clientId: 'outbox-test', logger, registry, topics: causewayTopics() });
    relay = new OutboxRelay({ dataSource, bus, logger, registry, pollIntervalMs: 100, maxBackoffMs: 1000 });
    const nudge = () => relay.nudge();
    tenants = new TenantsService(dataSource, nudge, new RolesService(dataSource, nudge), { publicUrl: 'http://127.0.0.1:4000' });
    await bus.connect(); // creates the topics before anyone subscribes

    const kafka = new Kafka({ clientId: 'outbox-test-reader', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
    consumer = kafka.consumer({ groupId: uniqueId('outbox-test'), retry: { restartOnFailure: async () => true } });
    await consumer.connect();
    // From the beginning: a consumer that restarts during the outage must not skip to the end.
    await consumer.subscribe({ topic: TOPICS.audit, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = auditEventSchema.parse(JSON.parse(message.value!.toString()));
        received.set(event.tenantId, (received.get(event.tenantId) ?? 0) + 1);
      },
    });
    // Wait for the group to be assigned before producing, so nothing is missed.
    await new Promise((r) => setTimeout(r, 1500));
    relay.start();
  }, 60_000);

  afterAll(async () => {
    await relay?.stop();
    await consumer?.disconnect();
    await bus?.close();
    await dataSource?.destroy();
    await db?.drop();
  }, 30_000);

  it('publishes a committed tenant.created event with the tenant as key', async () => {
    const { tenant } = await tenants.createTenant(operator, { slug: uniqueId('acme').toLowerCase(), name: 'Acme' });
    await eventually(() => received.get(tenant.id), { what: 'tenant.created on Kafka' });
    await eventually(
      async () => {
        const [{ pending }] = await dataSource.query(`SELECT count(*)::int AS pending FROM control_plane.outbox WHERE published_at IS NULL`);
        return pending === 0 ? true : undefined;
      },
      { what: 'an empty outbox backlog' },
    );
  });

  it('loses nothing when Kafka is down for 10 s: changes made meanwhile are published once it is back', async () => {
    await kafkaBroker.stop();
    const created: string[] = [];
    try {
      const outageEnds = Date.now() + 10_000;
      while (Date.now() < outageEnds) {
        const { tenant } = await tenants.createTenant(operator, { slug: uniqueId('outage').toLowerCase(), name: 'During outage' });
        created.push(tenant.id);
        await new Promise((r) => setTimeout(r, 1000));
      }
      const [{ pending }] = await dataSource.query(`SELECT count(*)::int AS pending FROM control_plane.outbox WHERE published_at IS NULL`);
      expect(pending).toBeGreaterThanOrEqual(created.length);
    } finally {
      await kafkaBroker.start();
    }
    await eventually(() => (created.every((id) => received.has(id)) ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: `all ${created.length} outage events on Kafka`,
    });
    // Every row is marked published once the relay has drained the backlog (each tenant has
    // several events: tenant, its five built-in roles).
    await eventually(
      async () => {
        const [{ pending }] = await dataSource.query(`SELECT count(*)::int AS pending FROM control_plane.outbox WHERE published_at IS NULL`);
        return pending === 0 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'an empty outbox backlog' },
    );
  }, 120_000);
});
