import { ManualClock } from '../common/clock';
import { FallbackRateLimiter, scaleRule } from './fallback-rate-limiter';
import { InMemoryRateLimiter } from './in-memory-rate-limiter';
import type { RateLimiter } from './rate-limiter';

const broken: RateLimiter = { take: async () => Promise.reject(new Error('Connection is closed.')) };

describe('FallbackRateLimiter', () => {
  it('answers from the shared limiter while it works', async () => {
    const clock = new ManualClock();
    const primary = new InMemoryRateLimiter({ clock });
    const fallback = new InMemoryRateLimiter({ clock });
    const limiter = new FallbackRateLimiter(primary, fallback);
    await limiter.take('k', { ratePerSecond: 1, burst: 1 });
    expect((await primary.take('k', { ratePerSecond: 1, burst: 1 })).allowed).toBe(false);
    expect(fallback.size).toBe(0);
  });

  it('falls back to a replica share of the limit when the shared limiter fails, and says so', async () => {
    const errors: unknown[] = [];
    const limiter = new FallbackRateLimiter(broken, new InMemoryRateLimiter({ clock: new ManualClock() }), { share: 0.5, onFallback: (e) => errors.push(e) });
    const admitted = [];
    for (let i = 0; i < 6; i++) admitted.push((await limiter.take('k', { ratePerSecond: 10, burst: 4 })).allowed);
    expect(admitted).toEqual([true, true, false, false, false, false]);
    expect(errors).toHaveLength(6);
  });

  it('lets a bad rule fail loudly instead of falling back', async () => {
    const primary = new InMemoryRateLimiter();
    const onFallback = jest.fn();
    const limiter = new FallbackRateLimiter(primary, new InMemoryRateLimiter(), { onFallback });
    await expect(limiter.take('k', { ratePerSecond: 1, burst: 1 }, 5)).rejects.toThrow(RangeError);
    expect(onFallback).not.toHaveBeenCalled();
  });

  it('scales both kinds of rule, keeping the burst able to admit the call', () => {
    expect(scaleRule({ ratePerSecond: 9, burst: 9 }, 1 / 3)).toEqual({ ratePerSecond: 3, burst: 3 });
    expect(scaleRule({ perMinute: 60, burst: 2 }, 0.25, 2)).toEqual({ perMinute: 15, burst: 2 });
  });
});
