import { retentionCutoffs } from './retention-policy';

const DAY = 24 * 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

describe('retention cutoffs', () => {
  it('keeps every tenant for the default retention when nothing overrides it', () => {
    expect(retentionCutoffs({ defaultMs: 7 * DAY, overrides: new Map(), dedupWindowMs: 3 * DAY }, NOW)).toEqual([{ before: new Date(NOW - 7 * DAY) }]);
  });

  it("applies a tenant's own retention to that tenant, and the default to the others", () => {
    const cutoffs = retentionCutoffs({ defaultMs: 7 * DAY, overrides: new Map([['t-long', 30 * DAY]]), dedupWindowMs: 3 * DAY }, NOW);
    expect(cutoffs).toEqual([{ tenantId: 't-long', before: new Date(NOW - 30 * DAY) }, { before: new Date(NOW - 7 * DAY) }]);
  });

  it('never prunes inside the deduplication window, however short the retention asked for', () => {
    const cutoffs = retentionCutoffs({ defaultMs: 1 * DAY, overrides: new Map([['t-short', 60_000]]), dedupWindowMs: 3 * DAY }, NOW);
    expect(cutoffs.map((c) => c.before)).toEqual([new Date(NOW - 3 * DAY), new Date(NOW - 3 * DAY)]);
  });
});
