import { ManualClock } from '../common/clock';
import { InMemoryRateLimiter } from './in-memory-rate-limiter';
import { describeRateLimiterBehaviour } from './rate-limiter.test-support';

const shared = new InMemoryRateLimiter();
describeRateLimiterBehaviour('InMemoryRateLimiter', () => shared);

describe('InMemoryRateLimiter', () => {
  it('uses its clock when no instant is given', async () => {
    const clock = new ManualClock();
    const limiter = new InMemoryRateLimiter({ clock });
    const rule = { ratePerSecond: 10, burst: 1 };
    expect((await limiter.take('k', rule)).allowed).toBe(true);
    expect((await limiter.take('k', rule)).allowed).toBe(false);
    clock.advance(100);
    expect((await limiter.take('k', rule)).allowed).toBe(true);
  });

  it('forgets keys whose bucket refilled, so memory follows active keys only', async () => {
    const clock = new ManualClock();
    const limiter = new InMemoryRateLimiter({ clock });
    const rule = { ratePerSecond: 10, burst: 1 };
    for (let i = 0; i < 5_000; i++) await limiter.take(`tenant-${i}`, rule);
    clock.advance(101);
    // The periodic sweep runs on writes; the next thousand writes clear the idle keys.
    for (let i = 0; i < 1_000; i++) await limiter.take(`fresh-${i}`, rule);
    expect(limiter.size).toBeLessThanOrEqual(1_000);
  });

  it('never holds more than maxKeys', async () => {
    const limiter = new InMemoryRateLimiter({ clock: new ManualClock(), maxKeys: 100 });
    for (let i = 0; i < 1_000; i++) await limiter.take(`k${i}`, { ratePerSecond: 1, burst: 5 });
    expect(limiter.size).toBe(100);
  });
});
