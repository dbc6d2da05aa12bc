import { randomUUID } from 'node:crypto';
import type { IdempotencyScope, IdempotencyStore, StoredResponse } from './idempotency-store';
import { requestHash } from './request-hash';

export interface IdempotencyHarness {
  store: IdempotencyStore;
  /** The retention and lease the store was built with; long, since expiry is observed through `advance`. */
  retentionMs: number;
  leaseMs: number;
  /** Lets `ms` pass for the store: a manual clock, or the stored instants moved back for Postgres. Never a real wait. */
  advance(ms: number): Promise<void>;
}

/**
 * The behaviour every IdempotencyStore must have, run against the in-memory twin (unit) and
 * Postgres (integration).
 */
export function describeIdempotencyStoreBehaviour(name: string, harness: () => IdempotencyHarness): void {
  describe(`${name} (shared IdempotencyStore behaviour)`, () => {
    let scope: IdempotencyScope;
    let key: string;
    const hash = requestHash({ tool: 'slack.post_message', connectionId: 'c1', input: { channel: 'C1', text: 'hi' } });
    const otherHash = requestHash({ tool: 'slack.post_message', connectionId: 'c1', input: { channel: 'C1', text: 'bye' } });
    const response: StoredResponse = { status: 200, body: { data: { ts: '1700000000.000100' }, meta: { requestId: 'r1', attempts: 1 } } };

    beforeEach(() => {
      scope = { tenantId: randomUUID(), apiKeyId: randomUUID() };
      key = `key-${randomUUID()}`;
    });

    it('gives the first caller the key and tells duplicates it is in flight, then replays the stored response', async () => {
      const { store, leaseMs } = harness();
      const first = await store.begin(scope, key, hash);
      expect(first).toEqual({ kind: 'new', lease: expect.any(String) });
      const duplicate = await store.begin(scope, key, hash);
      expect(duplicate.kind).toBe('in_flight');
      expect(duplicate.kind === 'in_flight' && duplicate.retryAfterMs).toBeLessThanOrEqual(leaseMs);
      expect(await store.complete(scope, key, (first as { lease: string }).lease, response)).toBe(true);
      expect(await store.begin(scope, key, hash)).toEqual({ kind: 'replay', response });
    });

    it('answers mismatch when the key comes back with a different request', async () => {
      const { store } = harness();
      const first = (await store.begin(scope, key, hash)) as { lease: string };
      expect(await store.begin(scope, key, otherHash)).toEqual({ kind: 'mismatch' });
      await store.complete(scope, key, first.lease, response);
      expect(await store.begin(scope, key, otherHash)).toEqual({ kind: 'mismatch' });
    });

    it('scopes keys by tenant and API key', async () => {
      const { store } = harness();
      expect((await store.begin(scope, key, hash)).kind).toBe('new');
      expect((await store.begin({ ...scope, apiKeyId: randomUUID() }, key, hash)).kind).toBe('new');
      expect((await store.begin({ ...scope, tenantId: randomUUID() }, key, hash)).kind).toBe('new');
    });

    it('releases the key on fail, so the same request can be sent again', async () => {
      const { store } = harness();
      const first = (await store.begin(scope, key, hash)) as { lease: string };
      expect(await store.fail(scope, key, first.lease)).toBe(true);
      expect((await store.begin(scope, key, otherHash)).kind).toBe('new');
    });

    it('ignores complete and fail from a caller that does not own the key', async () => {
      const { store } = harness();
      const first = (await store.begin(scope, key, hash)) as { lease: string };
      expect(await store.complete(scope, key, randomUUID(), response)).toBe(false);
      expect(await store.fail(scope, key, randomUUID())).toBe(false);
      expect(await store.complete(scope, `${key}-unknown`, first.lease, response)).toBe(false);
      await store.complete(scope, key, first.lease, response);
      expect(await store.fail(scope, key, first.lease)).toBe(false); // completed keys stay
      expect((await store.begin(scope, key, hash)).kind).toBe('replay');
    });

    it('keeps a lease to its owner until it expires, however long duplicates wait', async () => {
      const { store, leaseMs, advance } = harness();
      const owner = (await store.begin(scope, key, hash)) as { lease: string };
      await advance(leaseMs - 1_000);
      expect((await store.begin(scope, key, hash)).kind).toBe('in_flight');
      expect(await store.complete(scope, key, owner.lease, response)).toBe(true);
    });

    it('answers abandoned, never a takeover, once a lease expired without a result — the write may have reached the upstream', async () => {
      const { store, leaseMs, advance } = harness();
      await store.begin(scope, key, hash); // its owner crashes mid-call
      await advance(leaseMs + 50);
      expect(await store.begin(scope, key, otherHash)).toEqual({ kind: 'mismatch' });
      expect(await store.begin(scope, key, hash)).toEqual({ kind: 'abandoned' });
      // And stays so: no retry with this key is ever sent upstream.
      await advance(leaseMs * 3);
      expect(await store.begin(scope, key, hash)).toEqual({ kind: 'abandoned' });
    });

    it('lets an owner that outlived its lease still record its result, which duplicates then replay', async () => {
      const { store, leaseMs, advance } = harness();
      const slow = (await store.begin(scope, key, hash)) as { lease: string };
      await advance(leaseMs + 50);
      expect(await store.begin(scope, key, hash)).toEqual({ kind: 'abandoned' });
      expect(await store.complete(scope, key, slow.lease, response)).toBe(true);
      expect(await store.begin(scope, key, hash)).toEqual({ kind: 'replay', response });
    });

    it('keeps a key released by fail() free for the same request: nothing was sent', async () => {
      const { store, leaseMs, advance } = harness();
      const refused = (await store.begin(scope, key, hash)) as { lease: string };
      await advance(leaseMs + 50);
      expect(await store.fail(scope, key, refused.lease)).toBe(true);
      expect((await store.begin(scope, key, hash)).kind).toBe('new');
    });

    it('forgets a completed key after the retention period and purges it', async () => {
      const { store, retentionMs, advance } = harness();
      const first = (await store.begin(scope, key, hash)) as { lease: string };
      await store.complete(scope, key, first.lease, response);
      await advance(retentionMs + 50);
      expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
      const again = await store.begin(scope, key, otherHash);
      expect(again.kind).toBe('new');
    });

    it('refuses an empty or over-long key', async () => {
      const { store } = harness();
      await expect(store.begin(scope, '', hash)).rejects.toThrow(RangeError);
      await expect(store.begin(scope, 'k'.repeat(256), hash)).rejects.toThrow(RangeError);
    });

    it('lets exactly one of 100 concurrent duplicates write upstream; afterwards all get the stored response', async () => {
      const { store } = harness();
      let upstreamWrites = 0;
      const duplicates = await Promise.all(
        Array.from({ length: 100 }, async () => {
          const begun = await store.begin(scope, key, hash);
          if (begun.kind === 'new') {
            upstreamWrites++;
            await store.complete(scope, key, begun.lease, response);
          }
          return begun.kind;
        }),
      );
      expect(upstreamWrites).toBe(1);
      expect(duplicates.filter((kind) => kind === 'new')).toHaveLength(1);
      expect(duplicates.every((kind) => kind === 'new' || kind === 'in_flight' || kind === 'replay')).toBe(true);
      const after = await Promise.all(Array.from({ length: 100 }, () => store.begin(scope, key, hash)));
      for (const result of after) expect(result).toEqual({ kind: 'replay', response });
    });
  });
}
