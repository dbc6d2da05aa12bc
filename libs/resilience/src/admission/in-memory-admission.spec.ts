import { ManualClock } from '../common/clock';
import { InMemoryRateLimiter } from '../limits/in-memory-rate-limiter';
import { InMemoryHoldStore } from '../upstream/hold-store';
import { describeAdmissionBehaviour } from './admission.test-support';
import { InMemoryAdmission } from './in-memory-admission';

const limiter = new InMemoryRateLimiter();
const holds = new InMemoryHoldStore();
const shared = new InMemoryAdmission({ limiter, holds });
describeAdmissionBehaviour('InMemoryAdmission', () => ({ admission: shared, limiter, holds }));

describe('InMemoryAdmission', () => {
  it('uses its clock for the buckets and the hold store clock for holds', async () => {
    const clock = new ManualClock();
    const admission = new InMemoryAdmission({ clock });
    const rule = { ratePerSecond: 10, burst: 1 };
    await admission.holds.holdFor('slack:c1', 250);
    expect(await admission.decide({ holds: [{ scope: 'upstream', key: 'slack:c1' }], takes: [{ scope: 'key', key: 'k', rule }] })).toEqual({
      allowed: false,
      retryAfterMs: 250,
      refused: [{ scope: 'upstream', retryAfterMs: 250 }],
    });
    clock.advance(250);
    expect(await admission.decide({ holds: [{ scope: 'upstream', key: 'slack:c1' }], takes: [{ scope: 'key', key: 'k', rule }] })).toEqual({ allowed: true });
    expect((await admission.decide({ takes: [{ scope: 'key', key: 'k', rule }] })).allowed).toBe(false);
    clock.advance(100);
    expect((await admission.decide({ takes: [{ scope: 'key', key: 'k', rule }] })).allowed).toBe(true);
  });
});
