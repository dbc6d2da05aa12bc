import { backoffDelay } from './delivery-backoff';

describe('delivery backoff', () => {
  const settings = { baseMs: 100, maxMs: 1000 };
  it('doubles per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, settings, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it('jitters within the upper half of the ceiling', () => {
    expect(backoffDelay(3, settings, () => 0)).toBe(200);
    expect(backoffDelay(3, settings, () => 0.5)).toBe(300);
  });
});
