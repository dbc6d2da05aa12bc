import { randomUUID } from 'node:crypto';
import type { RateLimiter } from '../limits/rate-limiter';
import type { UpstreamHoldStore } from '../upstream/hold-store';
import type { Admission } from './admission';

export interface AdmissionUnderTest {
  admission: Admission;
  /** A limiter on the same buckets (same store, same prefix), to look at what was taken. */
  limiter: RateLimiter;
  /** The hold store the admission reads. */
  holds: UpstreamHoldStore;
}

/**
 * The behaviour every Admission must have, run against the in-memory twin (unit) and the Redis
 * adapter (integration). Buckets get explicit instants so both see the same sequence; holds are
 * durations on the store's own clock, so those cases use real time with wide margins.
 */
export function describeAdmissionBehaviour(name: string, subject: () => AdmissionUnderTest): void {
  describe(`${name} (shared Admission behaviour)`, () => {
    const t0 = 1_700_000_000_000;
    let id: string;
    const tenant = () => `tenant:${id}`;
    const key = () => `key:${id}`;
    const pace = () => `pace:slack:${id}:chat.postMessage:C1`;
    const conn = () => `slack:${id}`;
    beforeEach(() => {
      id = randomUUID();
    });
    const remaining = async (bucket: string, rule: { ratePerSecond: number; burst: number }, at = t0) =>
      (await subject().limiter.take(bucket, rule, 0, at)).remaining;

    it('admits when every check passes and takes one token from each bucket', async () => {
      const rule = { ratePerSecond: 1, burst: 5 };
      const decision = await subject().admission.decide({
        holds: [{ scope: 'upstream', key: conn() }],
        takes: [
          { scope: 'tenant', key: tenant(), rule },
          { scope: 'key', key: key(), rule },
          { scope: 'pace', key: pace(), rule },
        ],
        now: t0,
      });
      expect(decision).toEqual({ allowed: true });
      for (const bucket of [tenant(), key(), pace()]) expect(await remaining(bucket, rule)).toBe(4);
    });

    it('consumes nothing from the tenant quota when the key quota refuses', async () => {
      const tenantRule = { ratePerSecond: 1, burst: 5 };
      const keyRule = { ratePerSecond: 1, burst: 1 };
      const request = {
        takes: [
          { scope: 'tenant', key: tenant(), rule: tenantRule },
          { scope: 'key', key: key(), rule: keyRule },
        ],
        now: t0,
      };
      expect(await subject().admission.decide(request)).toEqual({ allowed: true });
      for (let i = 0; i < 3; i++)
        expect(await subject().admission.decide(request)).toEqual({ allowed: false, retryAfterMs: 1000, refused: [{ scope: 'key', retryAfterMs: 1000 }] });
      expect(await remaining(tenant(), tenantRule)).toBe(4);
    });

    it('consumes nothing from the quotas when the declared pace refuses', async () => {
      const quota = { ratePerSecond: 1, burst: 5 };
      const paceRule = { ratePerSecond: 1, burst: 1 };
      const request = {
        takes: [
          { scope: 'tenant', key: tenant(), rule: quota },
          { scope: 'key', key: key(), rule: quota },
          { scope: 'pace', key: pace(), rule: paceRule },
        ],
        now: t0,
      };
      await subject().admission.decide(request);
      expect(await subject().admission.decide({ ...request, now: t0 + 300 })).toEqual({
        allowed: false,
        retryAfterMs: 700,
        refused: [{ scope: 'pace', retryAfterMs: 700 }],
      });
      expect(await remaining(tenant(), quota, t0 + 300)).toBe(4);
      expect(await remaining(key(), quota, t0 + 300)).toBe(4);
      // Once the pace allows, the same request takes from all three again.
      expect(await subject().admission.decide({ ...request, now: t0 + 1000 })).toEqual({ allowed: true });
      expect(await remaining(tenant(), quota, t0 + 1000)).toBe(4);
    });

    it('names every scope that refused and answers the longest wait', async () => {
      const request = {
        takes: [
          { scope: 'tenant', key: tenant(), rule: { ratePerSecond: 2, burst: 1 } },
          { scope: 'key', key: key(), rule: { ratePerSecond: 1, burst: 2 } },
          { scope: 'pace', key: pace(), rule: { ratePerSecond: 0.25, burst: 1 } },
        ],
        now: t0,
      };
      expect((await subject().admission.decide(request)).allowed).toBe(true);
      expect(await subject().admission.decide({ ...request, now: t0 + 100 })).toEqual({
        allowed: false,
        retryAfterMs: 3900,
        refused: [
          { scope: 'tenant', retryAfterMs: 400 },
          { scope: 'pace', retryAfterMs: 3900 },
        ],
      });
    });

    it('refuses while an upstream hold is in force, taking nothing, and admits once it is gone', async () => {
      const { admission, holds } = subject();
      const rule = { ratePerSecond: 1, burst: 3 };
      const request = {
        holds: [
          { scope: 'upstream', key: conn() },
          { scope: 'upstream', key: `${conn()}:bucket` },
        ],
        takes: [{ scope: 'tenant', key: tenant(), rule }],
      };
      await holds.holdFor(`${conn()}:bucket`, 5_000);
      const refused = await admission.decide(request);
      expect(refused).toMatchObject({ allowed: false, refused: [{ scope: 'upstream' }] });
      if (refused.allowed) throw new Error('unreachable');
      expect(refused.retryAfterMs).toBeGreaterThan(4_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(5_000);
      expect(refused.refused[0].retryAfterMs).toBe(refused.retryAfterMs);
      expect(await remaining(tenant(), rule, Date.now())).toBe(3);
      // Another connection is not held.
      expect(await admission.decide({ holds: [{ scope: 'upstream', key: `${conn()}-other` }] })).toEqual({ allowed: true });
    });

    it('reports a hold together with a refusing quota, the longer wait winning', async () => {
      const { admission, holds } = subject();
      await holds.holdFor(conn(), 3_000);
      const rule = { ratePerSecond: 0.1, burst: 1 };
      await subject().limiter.take(key(), rule);
      const decision = await admission.decide({ holds: [{ scope: 'upstream', key: conn() }], takes: [{ scope: 'key', key: key(), rule }] });
      expect(decision).toMatchObject({ allowed: false, refused: [{ scope: 'upstream' }, { scope: 'key' }] });
      if (decision.allowed) throw new Error('unreachable');
      expect(decision.retryAfterMs).toBeGreaterThan(9_000);
      expect(decision.retryAfterMs).toBe(decision.refused[1].retryAfterMs);
    });

    it('admits an empty request, and only reads with cost 0', async () => {
      expect(await subject().admission.decide({})).toEqual({ allowed: true });
      const rule = { ratePerSecond: 1, burst: 2 };
      expect(await subject().admission.decide({ takes: [{ scope: 'tenant', key: tenant(), rule, cost: 0 }], now: t0 })).toEqual({ allowed: true });
      expect(await remaining(tenant(), rule)).toBe(2);
    });

    it('takes tokens exactly as RateLimiter.take does (burst + rate × duration at 3× the rate)', async () => {
      const rule = { ratePerSecond: 5, burst: 4 };
      const durationMs = 4_000;
      let admitted = 0;
      for (let at = 0; at <= durationMs; at += 1000 / 15) {
        const decision = await subject().admission.decide({ takes: [{ scope: 'key', key: key(), rule }], now: t0 + Math.round(at) });
        if (decision.allowed) admitted++;
      }
      expect(admitted).toBe(4 + 5 * 4);
    });

    it('shares its buckets with RateLimiter.take on the same store', async () => {
      const rule = { ratePerSecond: 1, burst: 2 };
      await subject().limiter.take(tenant(), rule, 2, t0);
      expect(await subject().admission.decide({ takes: [{ scope: 'tenant', key: tenant(), rule }], now: t0 + 500 })).toEqual({
        allowed: false,
        retryAfterMs: 500,
        refused: [{ scope: 'tenant', retryAfterMs: 500 }],
      });
    });

    it('refuses nonsense loudly: bad rules, costs above the burst, a bucket named twice', async () => {
      const { admission } = subject();
      await expect(admission.decide({ takes: [{ scope: 'x', key: key(), rule: { ratePerSecond: 0, burst: 1 } }] })).rejects.toThrow(RangeError);
      await expect(admission.decide({ takes: [{ scope: 'x', key: key(), rule: { ratePerSecond: 1, burst: 1 }, cost: 2 }] })).rejects.toThrow(/exceeds burst/);
      const rule = { ratePerSecond: 1, burst: 1 };
      await expect(
        admission.decide({
          takes: [
            { scope: 'a', key: key(), rule },
            { scope: 'b', key: key(), rule },
          ],
        }),
      ).rejects.toThrow(/only once/);
    });
  });
}
