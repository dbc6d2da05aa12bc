import { ManualClock } from '../common/clock';
import { RetryBudget } from './retry-budget';

describe('RetryBudget', () => {
  it('lets a quiet upstream retry up to the bucket, then stops until it earns more', () => {
    const clock = new ManualClock();
    const budget = new RetryBudget({ clock, ratio: 0.1, minPerSecond: 0, maxTokens: 3 });
    expect([1, 2, 3, 4].map(() => budget.tryRetry('jira'))).toEqual([true, true, true, false]);
    for (let i = 0; i < 9; i++) budget.recordCall('jira');
    expect(budget.tryRetry('jira')).toBe(false);
    budget.recordCall('jira');
    expect(budget.tryRetry('jira')).toBe(true);
  });

  it('refills by the floor over time', () => {
    const clock = new ManualClock();
    const budget = new RetryBudget({ clock, ratio: 0, minPerSecond: 1, maxTokens: 2 });
    budget.tryRetry('a');
    budget.tryRetry('a');
    expect(budget.tryRetry('a')).toBe(false);
    clock.advance(1_000);
    expect(budget.tryRetry('a')).toBe(true);
    expect(budget.tryRetry('a')).toBe(false);
  });

  it('keeps retries within ratio × calls + floor + bucket when every call fails', () => {
    const clock = new ManualClock();
    const budget = new RetryBudget({ clock, ratio: 0.1, minPerSecond: 0.5, maxTokens: 10 });
    let retries = 0;
    // 1 000 calls over 10 s, each wanting two retries.
    for (let call = 0; call < 1_000; call++) {
      budget.recordCall('slack');
      for (let r = 0; r < 2; r++) if (budget.tryRetry('slack')) retries++;
      clock.advance(10);
    }
    expect(retries).toBeLessThanOrEqual(10 + 0.1 * 1_000 + 0.5 * 10);
    expect(retries).toBeGreaterThanOrEqual(0.1 * 1_000);
  });

  it('keeps upstreams apart and forgets full buckets', () => {
    const clock = new ManualClock();
    const budget = new RetryBudget({ clock, ratio: 0, minPerSecond: 1, maxTokens: 1 });
    expect(budget.tryRetry('a')).toBe(true);
    expect(budget.tryRetry('a')).toBe(false);
    expect(budget.tryRetry('b')).toBe(true);
    clock.advance(1_000);
    expect(budget.available('a')).toBe(1);
  });
});
