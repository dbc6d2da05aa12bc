import 'reflect-metadata';
import { TOPICS, webhookSecretPath } from '@causeway/contracts';
import { InProcessEventBus } from '@causeway/messaging';
import { createLogger } from '@causeway/observability';
import { githubWebhook, sendVendorWebhook } from '@causeway/simulators';
import { eventually, startTsProcess, type ServiceProcess } from '@causeway/testing';
import type { DataSource } from 'typeorm';
import { scratchDataPlaneDatabase, type ScratchDataPlaneDatabase } from '../../testing/scratch-data-plane-database.test-support';
import { startEvents } from '../events';
import { staticSecretStore } from '../testing/static-secret-store';

const TENANT = '0b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';
const CONNECTION = 'gh-crash';
const SECRET = 'crash-test-secret';
const BURST = 400;
const CONCURRENCY = 16;
const KILL_AFTER_ACKS = 120;

/**
 * "Store first, then answer", held to account: the ingest runs in its own process, a vendor
 * bursts deliveries at it, and the process is SIGKILLed mid-burst. Every delivery that was
 * answered 2xx must be in the store with its outbox row, and a fresh relay must publish each.
 */
describe('the webhook ingest killed with SIGKILL mid-burst', () => {
  let db: ScratchDataPlaneDatabase;
  let dataSource: DataSource;
  let child: ServiceProcess | undefined;

  beforeAll(async () => {
    db = await scratchDataPlaneDatabase('events_crash', 4);
    dataSource = db.dataSource;
  });

  afterAll(async () => {
    await child?.stop('SIGKILL');
    await db?.close();
  });

  it('loses no acknowledged event', async () => {
    child = startTsProcess('ingest', 'apps/data-plane/src/events/testing/ingest-process.ts', {
      DATABASE_URL: db.url,
      TENANT_ID: TENANT,
      CONNECTION_ID: CONNECTION,
      WEBHOOK_SECRET: SECRET,
      RELAY: 'off',
    });
    const base = await eventually(() => /listening (\S+)/.exec(child!.output())?.[1], { timeoutMs: 60_000, what: 'the ingest process' });
    const url = `${base}/v1/webhooks/${TENANT}/${CONNECTION}`;

    const hooks = Array.from({ length: BURST }, (_, i) =>
      githubWebhook(SECRET, 'issues', { action: 'opened', issue: { number: i }, repository: { full_name: 'acme/api' } }),
    );
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < hooks.length) {
        const hook = hooks[next++];
        const result = await sendVendorWebhook(url, hook);
        if (result.acknowledged) acknowledged.push(hook.deliveryId);
        if (!killed && acknowledged.length >= KILL_AFTER_ACKS) {
          killed = true;
          child!.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    expect(killed).toBe(true);
    // The kill landed mid-burst: some deliveries were acknowledged, the rest were not.
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acknowledged.length).toBeLessThan(BURST);

    const rows: { delivery_id: string; id: string }[] = await dataSource.query(
      `SELECT delivery_id, id FROM data_plane.inbound_events WHERE connection_id = $1`,
      [CONNECTION],
    );
    const storedIds = new Set(rows.map((r) => r.delivery_id));
    expect(acknowledged.filter((id) => !storedIds.has(id))).toEqual([]);
    const [{ n: outboxRows }] = await dataSource.query(`SELECT count(*)::int AS n FROM data_plane.outbox WHERE topic = $1`, [TOPICS.events]);
    expect(outboxRows).toBe(rows.length);

    // Nothing was published before the kill (the relay was off, as if Kafka were down); a
    // replica that starts afterwards publishes everything the dead one stored.
    const bus = new InProcessEventBus();
    const published = new Set<string>();
    await bus.subscribe({
      groupId: 'after-crash',
      topics: [TOPICS.events],
      fromBeginning: true,
      handleBatch: async (messages) => messages.forEach((m) => published.add(JSON.parse(m.value!).deliveryid)),
    });
    const events = startEvents({
      dataSource,
      bus,
      secretStore: staticSecretStore({ [webhookSecretPath(TENANT, CONNECTION)]: { secret: SECRET } }),
      logger: createLogger('crash-test', 'silent'),
      providerOf: () => 'github',
      relayPollMs: 20,
    });
    try {
      await eventually(() => acknowledged.every((id) => published.has(id)) || undefined, { timeoutMs: 30_000, what: 'every acknowledged event published' });
    } finally {
      await events.close();
    }
  }, 120_000);
});
