import { randomUUID } from 'node:crypto';
import type { RateLimiter } from './rate-limiter';

/**
 * The behaviour every RateLimiter must have, run against the in-memory twin (unit) and the
 * Redis adapter (integration). Time is always passed explicitly so both see the same instants.
 * Rates are slow (≤ 5/s) so a Redis key's real expiry never falls inside a test.
 */
export function describeRateLimiterBehaviour(name: string, limiter: () => RateLimiter): void {
  describe(`${name} (shared RateLimiter behaviour)`, () => {
    const t0 = 1_700_000_000_000;
    let key: string;
    beforeEach(() => {
      key = `behaviour-${randomUUID()}`;
    });

    it('admits a full burst at once, then refuses with the time until the next slot', async () => {
      const rule = { ratePerSecond: 1, burst: 3 };
      const decisions = [];
      for (let i = 0; i < 4; i++) decisions.push(await limiter().take(key, rule, 1, t0));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
      expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
      expect(decisions[3]).toEqual({ allowed: false, retryAfterMs: 1000, remaining: 0, resetAfterMs: 3000 });
    });

    it('refills at the rate: one more call per emission interval', async () => {
      const rule = { ratePerSecond: 2, burst: 2 };
      await limiter().take(key, rule, 1, t0);
      await limiter().take(key, rule, 1, t0);
      expect((await limiter().take(key, rule, 1, t0 + 499)).allowed).toBe(false);
      expect(await limiter().take(key, rule, 1, t0 + 500)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0, resetAfterMs: 1000 });
      expect(await limiter().take(key, rule, 1, t0 + 600)).toEqual({ allowed: false, retryAfterMs: 400, remaining: 0, resetAfterMs: 900 });
    });

    it('reports remaining and the time until the bucket is full again', async () => {
      const rule = { ratePerSecond: 4, burst: 4 };
      expect(await limiter().take(key, rule, 1, t0)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 3, resetAfterMs: 250 });
      expect(await limiter().take(key, rule, 2, t0)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 1, resetAfterMs: 750 });
      expect(await limiter().take(key, rule, 0, t0 + 250)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 2, resetAfterMs: 500 });
    });

    it('charges a refused call nothing', async () => {
      const rule = { ratePerSecond: 1, burst: 3 };
      await limiter().take(key, rule, 2, t0);
      const refused = await limiter().take(key, rule, 3, t0);
      expect(refused).toMatchObject({ allowed: false, retryAfterMs: 2000, remaining: 1 });
      expect(await limiter().take(key, rule, 1, t0)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('accepts a per-minute rule as the same rate', async () => {
      const rule = { perMinute: 120, burst: 1 };
      expect((await limiter().take(key, rule, 1, t0)).allowed).toBe(true);
      expect(await limiter().take(key, rule, 1, t0 + 100)).toMatchObject({ allowed: false, retryAfterMs: 400 });
      expect((await limiter().take(key, rule, 1, t0 + 500)).allowed).toBe(true);
    });

    it('keeps keys independent', async () => {
      const rule = { ratePerSecond: 1, burst: 1 };
      expect((await limiter().take(key, rule, 1, t0)).allowed).toBe(true);
      expect((await limiter().take(`${key}-other`, rule, 1, t0)).allowed).toBe(true);
      expect((await limiter().take(key, rule, 1, t0)).allowed).toBe(false);
    });

    it('does not let an idle key save up more than one burst', async () => {
      const rule = { ratePerSecond: 5, burst: 2 };
      const at = t0 + 60_000;
      const admitted = [];
      for (let i = 0; i < 5; i++) admitted.push((await limiter().take(key, rule, 1, at)).allowed);
      expect(admitted).toEqual([true, true, false, false, false]);
    });

    it('admits exactly burst + rate × duration when offered three times the rate', async () => {
      const rule = { ratePerSecond: 5, burst: 4 };
      const durationMs = 4_000;
      let admitted = 0;
      // 15 offers per second, evenly spaced: 3× the rate.
      for (let at = 0; at <= durationMs; at += 1000 / 15) {
        if ((await limiter().take(key, rule, 1, t0 + Math.round(at))).allowed) admitted++;
      }
      expect(admitted).toBe(4 + 5 * 4);
    });

    it('refuses nonsense rules and costs loudly', async () => {
      await expect(limiter().take(key, { ratePerSecond: 0, burst: 1 })).rejects.toThrow(RangeError);
      await expect(limiter().take(key, { ratePerSecond: 1, burst: 0 })).rejects.toThrow(RangeError);
      await expect(limiter().take(key, { ratePerSecond: 1, burst: 2 }, 3)).rejects.toThrow(/exceeds burst/);
      await expect(limiter().take(key, { ratePerSecond: 1, burst: 2 }, -1)).rejects.toThrow(RangeError);
    });
  });
}
