import type { FeedEvent } from './event-feed';
import { TenantEventWatch } from './tenant-event-watch';

const event = (seq: number): FeedEvent => ({ seq: String(seq), type: 'com.github.push', event: { id: `e${seq}` } });

/** A feed over an in-memory list per tenant, counting its reads. */
function fakeFeed() {
  const stored = new Map<string, FeedEvent[]>();
  const reads: string[] = [];
  return {
    stored,
    reads,
    head: async (tenantId: string) => stored.get(tenantId)?.at(-1)?.seq ?? '0',
    after: async (tenantId: string, afterSeq: string) => {
      reads.push(tenantId);
      return (stored.get(tenantId) ?? []).filter((e) => Number(e.seq) > Number(afterSeq));
    },
    add: (tenantId: string, e: FeedEvent) => stored.set(tenantId, [...(stored.get(tenantId) ?? []), e]),
  };
}

describe('watching tenants for new events', () => {
  let watch: TenantEventWatch;
  afterEach(() => watch.close());

  it('tells listeners of the events stored after they started, once each, and only their tenant’s', async () => {
    const feed = fakeFeed();
    feed.add('a', event(1));
    watch = new TenantEventWatch(feed, 60_000);
    const seen: string[][] = [];
    await watch.watch('a', (events) => seen.push(events.map((e) => e.seq)));
    feed.add('a', event(2));
    feed.add('b', event(3));
    await watch.poll();
    await watch.poll();
    expect(seen).toEqual([['2']]);
  });

  it('reads the feed once per tenant and round, however many listen', async () => {
    const feed = fakeFeed();
    watch = new TenantEventWatch(feed, 60_000);
    const counts = [0, 0, 0];
    for (const i of [0, 1, 2]) await watch.watch('a', () => (counts[i] += 1));
    feed.add('a', event(1));
    await watch.poll();
    expect(feed.reads).toEqual(['a']);
    expect(counts).toEqual([1, 1, 1]);
  });

  it('stops reading a tenant nobody listens to any more; a failing read keeps the position', async () => {
    const feed = fakeFeed();
    const errors: unknown[] = [];
    watch = new TenantEventWatch(feed, 60_000, (e) => errors.push(e));
    const seen: string[] = [];
    const stop = await watch.watch('a', (events) => seen.push(...events.map((e) => e.seq)));
    const after = feed.after;
    feed.after = async () => {
      throw new Error('database down');
    };
    feed.add('a', event(1));
    await watch.poll();
    feed.after = after;
    await watch.poll();
    expect(errors).toHaveLength(1);
    expect(seen).toEqual(['1']);

    stop();
    expect(watch.watchedTenants).toBe(0);
    feed.add('a', event(2));
    await watch.poll();
    expect(seen).toEqual(['1']);
  });
});
