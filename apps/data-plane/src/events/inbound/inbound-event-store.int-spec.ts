import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { scratchDataPlaneDatabase, type ScratchDataPlaneDatabase } from '../../testing/scratch-data-plane-database.test-support';
import { InboundEventStore } from './inbound-event-store';
import { envelope } from './webhook-ingest';

const TENANT = '0b3c8f7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f';

const delivery = (deliveryId: string, subject = `acme/api#${deliveryId}`) =>
  envelope(TENANT, 'gh-1', 'github', { deliveryId, type: 'com.github.issues.opened', subject, data: { n: deliveryId } }, Date.now());

/**
 * The store group-commits: deliveries that arrive while a batch is being written go together
 * in the next statement. What each caller is told must not depend on whom it was batched with.
 */
describe('InboundEventStore under a burst', () => {
  let db: ScratchDataPlaneDatabase;
  let dataSource: DataSource;
  let store: InboundEventStore;

  beforeAll(async () => {
    db = await scratchDataPlaneDatabase('events_store', 4);
    dataSource = db.dataSource;
    store = new InboundEventStore(dataSource);
  });

  afterAll(async () => {
    await db?.close();
  });

  const rows = async (prefix: string) =>
    (await dataSource.query(
      `SELECT e.delivery_id, e.id::text AS id, o.event_id IS NOT NULL AS queued FROM data_plane.inbound_events e
         LEFT JOIN data_plane.outbox o ON o.event_id = e.id WHERE e.delivery_id LIKE $1 ORDER BY e.seq`,
      [`${prefix}%`],
    )) as { delivery_id: string; id: string; queued: boolean }[];

  it('stores a burst once each, with its outbox row, in the order the deliveries arrived', async () => {
    const burst = Array.from({ length: 300 }, (_, i) => delivery(`burst-${String(i).padStart(3, '0')}`));
    const outcomes = await Promise.all(burst.map((event) => store.storeOnce(event)));
    expect(outcomes).toEqual(burst.map((event) => ({ stored: true, id: event.id })));
    const stored = await rows('burst-');
    expect(stored.map((r) => r.delivery_id)).toEqual(burst.map((e) => e.deliveryid));
    expect(stored.every((r) => r.queued)).toBe(true);
  });

  it('tells a copy in the same batch as its original that it is a duplicate of the original', async () => {
    const original = delivery('copy-1');
    const copy = delivery('copy-1');
    const [first, second, other] = await Promise.all([store.storeOnce(original), store.storeOnce(copy), store.storeOnce(delivery('copy-2'))]);
    expect(first).toEqual({ stored: true, id: original.id });
    expect(second).toEqual({ stored: false, id: original.id });
    expect(other.stored).toBe(true);
    expect((await rows('copy-')).map((r) => [r.delivery_id, r.queued])).toEqual([
      ['copy-1', true],
      ['copy-2', true],
    ]);
  });

  it('does not refuse a batch for one delivery PostgreSQL cannot store: only that one fails', async () => {
    // jsonb has no representation for U+0000, so this event fails however it is batched.
    const poison = delivery('mixed-bad', 'acme/api#\u0000');
    const results = await Promise.allSettled([delivery('mixed-1'), poison, delivery('mixed-2')].map((event) => store.storeOnce(event)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await rows('mixed-')).map((r) => r.delivery_id)).toEqual(['mixed-1', 'mixed-2']);
  });
});
