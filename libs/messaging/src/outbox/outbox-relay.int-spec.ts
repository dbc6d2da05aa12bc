import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createLogger } from '@causeway/observability';
import { createScratchDatabase, eventually, type ScratchDatabase } from '@causeway/testing';
import type { BusMessage, EventBus } from '../event-bus';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxRelay } from './outbox-relay';
import { enqueueOutbox } from './outbox-writer';

/** Far above any test's wait: a row relayed within a test was relayed by a wake-up, not by this poll. */
const NEVER_MS = 10 * 60_000;

/** A bus that only records what it was given (the relay's contract with any bus). */
function recordingBus(): EventBus & { ids: string[] } {
  const ids: string[] = [];
  return {
    ids,
    publish: async (messages: BusMessage[]) => {
      for (const m of messages) ids.push(String((m.value as { id: string }).id));
    },
  } as unknown as EventBus & { ids: string[] };
}

const entry = () => ({ topic: 'causeway.test.v1', key: 't1', payload: { id: randomUUID() } });

/**
 * The relay against real PostgreSQL: it wakes when this process commits outbox rows (no poll
 * needed), and its slow fallback poll still finds rows another process wrote.
 */
describe('OutboxRelay wake-up', () => {
  let db: ScratchDatabase;
  let dataSource: DataSource;
  let otherWriter: DataSource;
  const logger = createLogger('test', process.env.TEST_LOG_LEVEL ?? 'fatal');
  const relays: OutboxRelay[] = [];

  const startRelay = (pollIntervalMs: number) => {
    const bus = recordingBus();
    const relay = new OutboxRelay({ dataSource, bus, logger, pollIntervalMs });
    relays.push(relay);
    relay.start();
    return bus;
  };

  beforeAll(async () => {
    db = await createScratchDatabase('outbox_relay');
    const options = { type: 'postgres' as const, url: db.url, entities: [OutboxMessage], poolSize: 4 };
    dataSource = new DataSource({ ...options, synchronize: true });
    await dataSource.initialize();
    otherWriter = new DataSource(options);
    await otherWriter.initialize();
  });

  afterEach(async () => {
    for (const relay of relays.splice(0)) await relay.stop();
    await dataSource.query(`DELETE FROM outbox`);
  });

  afterAll(async () => {
    await otherWriter?.destroy();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('publishes a row committed in this process at once, without waiting for the poll', async () => {
    const bus = startRelay(NEVER_MS);
    await new Promise((r) => setTimeout(r, 200)); // the first pass has run and the relay sleeps
    const e = entry();
    await dataSource.transaction((manager) => enqueueOutbox(manager, [e]));
    await eventually(() => (bus.ids.includes(e.payload.id) ? true : undefined), { what: 'the committed row on the bus', timeoutMs: 5000 });
  });

  it('publishes nothing of a transaction that rolled back, and a later commit still wakes it', async () => {
    const bus = startRelay(NEVER_MS);
    await new Promise((r) => setTimeout(r, 200));
    const rolledBack = entry();
    await expect(
      dataSource.transaction(async (manager) => {
        await enqueueOutbox(manager, [rolledBack]);
        throw new Error('change refused');
      }),
    ).rejects.toThrow('change refused');
    const committed = entry();
    await dataSource.transaction((manager) => enqueueOutbox(manager, [committed]));
    await eventually(() => (bus.ids.includes(committed.payload.id) ? true : undefined), { what: 'the committed row', timeoutMs: 5000 });
    expect(bus.ids).not.toContain(rolledBack.payload.id);
  });

  it('publishes rows committed while a pass was running (a wake-up is never lost)', async () => {
    const bus = startRelay(NEVER_MS);
    const written = Array.from({ length: 20 }, entry);
    // Commits racing the relay's passes: each one lands before, during or after a pass.
    for (const e of written) await dataSource.transaction((manager) => enqueueOutbox(manager, [e]));
    await eventually(() => (written.every((e) => bus.ids.includes(e.payload.id)) ? true : undefined), { what: 'all 20 rows', timeoutMs: 5000 });
  });

  it('finds rows another process wrote by its fallback poll', async () => {
    const bus = startRelay(500);
    await new Promise((r) => setTimeout(r, 200));
    const e = entry();
    // Another process's commit: no signal reaches this relay.
    await otherWriter.transaction((manager) => enqueueOutbox(manager, [e]));
    await new Promise((r) => setTimeout(r, 100));
    expect(bus.ids).not.toContain(e.payload.id);
    await eventually(() => (bus.ids.includes(e.payload.id) ? true : undefined), { what: 'the other writer’s row, by the poll', timeoutMs: 5000 });
  });

  it('stops listening when stopped: a commit after stop() publishes nothing', async () => {
    const bus = startRelay(NEVER_MS);
    await relays.pop()!.stop();
    expect(dataSource.subscribers).toHaveLength(0);
    const e = entry();
    await dataSource.transaction((manager) => enqueueOutbox(manager, [e]));
    await new Promise((r) => setTimeout(r, 300));
    expect(bus.ids).not.toContain(e.payload.id);
  });
});
