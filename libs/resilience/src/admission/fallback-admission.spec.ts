import { ManualClock } from '../common/clock';
import { InMemoryHoldStore } from '../upstream/hold-store';
import { FallbackHoldStore } from '../upstream/fallback-hold-store';
import type { Admission } from './admission';
import { FallbackAdmission, scaleRule } from './fallback-admission';
import { InMemoryAdmission } from './in-memory-admission';

const broken: Admission = { decide: async () => Promise.reject(new Error('Connection is closed.')) };

describe('FallbackAdmission', () => {
  it('answers from the shared admission while it works', async () => {
    const clock = new ManualClock();
    const primary = new InMemoryAdmission({ clock });
    const fallback = new InMemoryAdmission({ clock });
    const admission = new FallbackAdmission(primary, fallback);
    await admission.decide({ takes: [{ scope: 'key', key: 'k', rule: { ratePerSecond: 1, burst: 1 } }] });
    expect(primary.limiter.size).toBe(1);
    expect(fallback.limiter.size).toBe(0);
  });

  it("decides from this replica's share of every bucket when the shared store fails, and says so", async () => {
    const errors: unknown[] = [];
    const admission = new FallbackAdmission(broken, new InMemoryAdmission({ clock: new ManualClock() }), { share: 0.5, onFallback: (e) => errors.push(e) });
    const request = {
      takes: [
        { scope: 'tenant', key: 't', rule: { ratePerSecond: 10, burst: 8 } },
        { scope: 'key', key: 'k', rule: { ratePerSecond: 10, burst: 4 } },
      ],
    };
    const admitted = [];
    for (let i = 0; i < 4; i++) admitted.push((await admission.decide(request)).allowed);
    expect(admitted).toEqual([true, true, false, false]);
    expect(await admission.decide(request)).toMatchObject({ refused: [{ scope: 'key' }] });
    expect(errors).toHaveLength(5);
  });

  it('honours holds recorded while the shared store was down', async () => {
    const clock = new ManualClock();
    const local = new InMemoryHoldStore({ clock });
    const failing = { holdFor: async () => Promise.reject(new Error('down')), remainingMs: async () => Promise.reject(new Error('down')) };
    const holds = new FallbackHoldStore(failing, local, { onFallback: () => undefined });
    await holds.holdFor('slack:c1', 2_000);
    expect(await holds.remainingMs('slack:c1')).toBe(2_000);
    const admission = new FallbackAdmission(broken, new InMemoryAdmission({ clock, holds: local }), { onFallback: () => undefined });
    expect(await admission.decide({ holds: [{ scope: 'upstream', key: 'slack:c1' }] })).toEqual({
      allowed: false,
      retryAfterMs: 2_000,
      refused: [{ scope: 'upstream', retryAfterMs: 2_000 }],
    });
  });

  it('lets a bad request fail loudly instead of falling back', async () => {
    const onFallback = jest.fn();
    const admission = new FallbackAdmission(new InMemoryAdmission(), new InMemoryAdmission(), { onFallback });
    await expect(admission.decide({ takes: [{ scope: 'key', key: 'k', rule: { ratePerSecond: 1, burst: 1 }, cost: 5 }] })).rejects.toThrow(RangeError);
    expect(onFallback).not.toHaveBeenCalled();
  });

  it('scales both kinds of rule, keeping the burst able to admit the call', () => {
    expect(scaleRule({ ratePerSecond: 9, burst: 9 }, 1 / 3)).toEqual({ ratePerSecond: 3, burst: 3 });
    expect(scaleRule({ perMinute: 60, burst: 2 }, 0.25, 2)).toEqual({ perMinute: 15, burst: 2 });
  });
});
