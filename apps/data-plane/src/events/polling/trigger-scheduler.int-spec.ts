import 'reflect-metadata';
import { createLogger } from '@causeway/observability';
import { ManualClock } from '@causeway/resilience';
import { eventually } from '@causeway/testing';
import type { DataSource } from 'typeorm';
import { scratchDataPlaneDatabase, type ScratchDataPlaneDatabase } from '../../testing/scratch-data-plane-database.test-support';
import type { PollingTrigger } from './polling-trigger.entity';
import { createPollingTrigger } from './polling-triggers';
import type { PollOutcome } from './trigger-poller';
import { TriggerScheduler, triggerLease } from './trigger-scheduler';

const TENANT = '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918';
const INTERVAL = 30_000;
const POLL_LEASE = 60_000;
const polled: PollOutcome = { status: 'polled', emitted: 0, requests: 1 };

/**
 * Two replicas' schedulers over one database (real Postgres), with a poller that only records
 * who polled what: each trigger is polled once per interval between them, and a trigger whose
 * poller died mid-poll is taken over when its lease lapses on the clock the test moves.
 */
describe('polling triggers with two replicas', () => {
  let db: ScratchDataPlaneDatabase;
  let dataSource: DataSource;
  const clock = new ManualClock(Date.UTC(2026, 11, 7, 8, 0, 0));
  const polls: { by: string; trigger: string }[] = [];

  beforeAll(async () => {
    db = await scratchDataPlaneDatabase('polling_replicas', 8);
    dataSource = db.dataSource;
  });

  afterAll(async () => {
    await db?.close();
  });

  beforeEach(async () => {
    polls.length = 0;
    await dataSource.query(`UPDATE data_plane.polling_triggers SET enabled = false`);
  });

  async function triggers(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const created = await createPollingTrigger(dataSource, { tenantId: TENANT, connectionId: `jira-${i}`, kind: 'jira.issues', params: {} });
      if (!created.ok) throw new Error(created.problem);
      ids.push(created.trigger.id);
    }
    return ids;
  }

  /**
   * A replica's scheduler; its poller records the poll and takes a little real time, or never
   * returns (`hangOn`), or reads `pages` pages, each after the test opens `nextPage`.
   */
  function replica(owner: string, hangOn?: string, pages?: { count: number; outcomes: boolean[] }): TriggerScheduler {
    return new TriggerScheduler({
      dataSource,
      logger: createLogger('polling-replicas-test', 'silent'),
      intervalMs: INTERVAL,
      pollLeaseMs: POLL_LEASE,
      owner,
      now: () => clock.now(),
      poller: {
        poll: async (trigger: PollingTrigger, { beforePage }: { beforePage?: () => Promise<boolean> } = {}) => {
          polls.push({ by: owner, trigger: trigger.id });
          if (trigger.id === hangOn) return new Promise<PollOutcome>(() => undefined);
          for (let page = 0; pages && page < pages.count; page++) {
            const mine = await beforePage!();
            pages.outcomes.push(mine);
            if (!mine) return { status: 'failed', reason: 'taken over', emitted: 0, requests: page };
            await new Promise<void>((resolve) => (nextPage = resolve));
          }
          await new Promise((r) => setTimeout(r, 15));
          return polled;
        },
      },
    });
  }

  let nextPage: (() => void) | undefined;
  const count = (ids: string[]) => ids.map((id) => polls.filter((p) => p.trigger === id).length);

  it('polls each trigger once per round between two replicas, and not again before the interval', async () => {
    const ids = await triggers(6);
    const [a, b] = [replica('replica-a'), replica('replica-b')];
    for (let round = 1; round <= 3; round++) {
      await Promise.all([a.round(), b.round()]);
      expect(count(ids)).toEqual(Array(6).fill(round));
      // Rounds run again within the interval poll nothing: each trigger rests, whoever polled it.
      clock.advance(INTERVAL - 1);
      await Promise.all([a.round(), b.round()]);
      expect(count(ids)).toEqual(Array(6).fill(round));
      clock.advance(1);
    }
  });

  it('takes over a trigger whose poller died mid-poll once its lease lapses, not before', async () => {
    const [stuck, other] = await triggers(2);
    const dying = replica('replica-dying', stuck);
    const survivor = replica('replica-survivor');

    void dying.round();
    await eventually(() => polls.find((p) => p.trigger === stuck) ?? undefined, { what: "the dying replica's poll in flight" });
    await eventually(async () => ((await dying.leases.holder(triggerLease(stuck)))?.owner === 'replica-dying' ? true : undefined), { what: 'its lease' });

    await survivor.round();
    expect(polls.filter((p) => p.by === 'replica-survivor').map((p) => p.trigger)).toEqual([other]);
    clock.advance(POLL_LEASE - 1);
    await survivor.round();
    expect(polls.filter((p) => p.by === 'replica-survivor' && p.trigger === stuck)).toEqual([]);
    clock.advance(1);
    await survivor.round();
    expect(polls.filter((p) => p.by === 'replica-survivor' && p.trigger === stuck)).toHaveLength(1);
    expect((await survivor.leases.holder(triggerLease(stuck)))?.owner).toBe('replica-survivor');
  });

  it('keeps a long poll its own by renewing the lease before each page', async () => {
    const [long] = await triggers(1);
    const pages = { count: 3, outcomes: [] as boolean[] };
    const live = replica('replica-live', undefined, pages);
    const other = replica('replica-other');
    const polling = live.round();
    for (let page = 1; page <= 3; page++) {
      await eventually(() => (pages.outcomes.length === page ? true : undefined), { what: `page ${page} begun` });
      // Each page ends just before the lease would lapse; the next page renews it.
      clock.advance(POLL_LEASE - 1);
      await other.round();
      nextPage!();
    }
    await polling;
    expect(pages.outcomes).toEqual([true, true, true]);
    expect(polls.filter((p) => p.trigger === long).map((p) => p.by)).toEqual(['replica-live']);
  });

  it('ends a poll whose lease another replica took over', async () => {
    const [taken] = await triggers(1);
    const pages = { count: 2, outcomes: [] as boolean[] };
    const slow = replica('replica-slow', undefined, pages);
    const other = replica('replica-other');
    const polling = slow.round();
    await eventually(() => (pages.outcomes.length === 1 ? true : undefined), { what: 'the first page begun' });
    // The slow replica stalls past its lease (a long GC pause, a frozen VM): another takes over.
    clock.advance(POLL_LEASE);
    await other.round();
    nextPage!();
    await polling;
    expect(pages.outcomes).toEqual([true, false]);
    expect(polls.filter((p) => p.trigger === taken).map((p) => p.by)).toEqual(['replica-slow', 'replica-other']);
  });
});
