import { dailyUsage, usageDays } from './api-key-usage';

describe('API key usage buckets', () => {
  it('has one UTC day per day of the window, oldest first and today last (in UTC, not local time)', () => {
    // 23:30 in New York on March 1st is already March 2nd in UTC.
    expect(usageDays(3, new Date('2026-03-01T23:30:00-05:00'))).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    expect(usageDays(1, new Date('2026-03-01T00:00:00Z'))).toEqual(['2026-03-01']);
  });

  it('fills days without calls with zeros and sums cost units over tools', () => {
    const days = ['2026-02-28', '2026-03-01', '2026-03-02'];
    const calls = [{ day: '2026-03-01', calls: 5, errors: 1, refused: 2 }];
    const costs = [
      { day: '2026-03-01', costUnits: 3 },
      { day: '2026-03-01', costUnits: 4 },
      { day: '2026-03-02', costUnits: 1 },
    ];
    expect(dailyUsage(days, calls, costs)).toEqual([
      { day: '2026-02-28', calls: 0, errors: 0, refused: 0, costUnits: 0 },
      { day: '2026-03-01', calls: 5, errors: 1, refused: 2, costUnits: 7 },
      { day: '2026-03-02', calls: 0, errors: 0, refused: 0, costUnits: 1 },
    ]);
  });
});
