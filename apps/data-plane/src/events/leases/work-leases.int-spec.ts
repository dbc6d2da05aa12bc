import 'reflect-metadata';
import { ManualClock } from '@causeway/resilience';
import type { DataSource } from 'typeorm';
import { scratchDataPlaneDatabase, type ScratchDataPlaneDatabase } from '../../testing/scratch-data-plane-database.test-support';
import { WorkLeases } from './work-leases';

/** Leases on real Postgres, on a clock the test moves: who wins, for how long, and who takes over. */
describe('work leases', () => {
  let db: ScratchDataPlaneDatabase;
  let dataSource: DataSource;
  const clock = new ManualClock(Date.UTC(2026, 11, 7, 8, 0, 0));
  const replica = (owner: string) => new WorkLeases(dataSource, owner, () => clock.now());
  let n = 0;
  const fresh = () => `lease-${++n}`;

  beforeAll(async () => {
    db = await scratchDataPlaneDatabase('leases', 8);
    dataSource = db.dataSource;
  });

  afterAll(async () => {
    await db?.close();
  });

  it('gives a lease to exactly one of many replicas racing for it', async () => {
    const name = fresh();
    const replicas = Array.from({ length: 8 }, (_, i) => replica(`r${i}`));
    const won = await Promise.all(replicas.map((r) => r.take(name, 10_000)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect((await replicas[0].holder(name))?.owner).toBe(`r${won.indexOf(true)}`);
  });

  it('lets its holder renew it, and nobody else take it, until it expires', async () => {
    const name = fresh();
    const [a, b] = [replica('a'), replica('b')];
    expect(await a.take(name, 10_000)).toBe(true);
    clock.advance(9_999);
    expect(await b.take(name, 10_000)).toBe(false);
    expect(await a.take(name, 10_000)).toBe(true);
    clock.advance(9_999);
    expect(await b.take(name, 10_000)).toBe(false);
  });

  it('is taken over once its holder stops renewing it and it expires', async () => {
    const name = fresh();
    const [a, b] = [replica('a'), replica('b')];
    expect(await a.take(name, 10_000)).toBe(true);
    // a dies here: no release, no renewal.
    clock.advance(10_000);
    expect(await b.take(name, 10_000)).toBe(true);
    expect((await b.holder(name))?.owner).toBe('b');
    expect(await a.holdFor(name, 60_000)).toBe(false);
  });

  it('makes even its holder wait for the expiry when taken without renewal ("not before")', async () => {
    const name = fresh();
    const a = replica('a');
    expect(await a.take(name, 1_000, { renew: false })).toBe(true);
    expect(await a.holdFor(name, 30_000)).toBe(true);
    clock.advance(29_999);
    expect(await a.take(name, 1_000, { renew: false })).toBe(false);
    clock.advance(1);
    expect(await a.take(name, 1_000, { renew: false })).toBe(true);
  });
});
