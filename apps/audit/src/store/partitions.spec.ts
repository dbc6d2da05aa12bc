import { addMonths, monthPartition } from './partitions';

describe('monthly partitions', () => {
  it('are named and bounded by UTC month', () => {
    expect(monthPartition(new Date('2026-12-31T23:59:59.999Z'))).toEqual({
      name: 'audit_events_p202612',
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
  });

  it('step across year ends in both directions', () => {
    expect(addMonths(new Date('2026-11-22T10:00:00Z'), 3)).toEqual(new Date('2027-02-01T00:00:00Z'));
    expect(addMonths(new Date('2026-01-15T00:00:00Z'), -1)).toEqual(new Date('2025-12-01T00:00:00Z'));
  });
});
