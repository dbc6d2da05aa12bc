import { isDue } from './delivery-worker';

const NOW = Date.UTC(2026, 11, 7, 8, 0, 0);
const at = (offsetMs: number) => new Date(NOW + offsetMs);

describe('which heads a delivery worker attempts', () => {
  it('attempts a head whose retry is due and that nobody claims', () => {
    expect(isDue({ next_attempt_at: at(0), claimed_until: null }, NOW)).toBe(true);
  });

  it('leaves a head whose retry is not due yet', () => {
    expect(isDue({ next_attempt_at: at(1), claimed_until: null }, NOW)).toBe(false);
  });

  it("leaves a head another replica's live claim holds", () => {
    expect(isDue({ next_attempt_at: at(-5_000), claimed_until: at(1) }, NOW)).toBe(false);
  });

  it('takes a head whose claim lapsed (its worker died mid-attempt)', () => {
    expect(isDue({ next_attempt_at: at(-5_000), claimed_until: at(0) }, NOW)).toBe(true);
  });
});
