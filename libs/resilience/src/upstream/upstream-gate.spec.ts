import { ManualClock } from '../common/clock';
import { InMemoryRateLimiter } from '../limits/in-memory-rate-limiter';
import { FakeUpstream } from './fake-upstream.test-support';
import { InMemoryHoldStore } from './hold-store';
import { paceFromDeclaredLimit } from './pace';
import { holdFromRateLimit, UpstreamGate } from './upstream-gate';
import { upstreamKey } from './upstream-key';

const key = upstreamKey('jira', 'conn-1');

describe('holdFromRateLimit', () => {
  const now = 1_000_000;

  it('takes an explicit Retry-After over anything else', () => {
    expect(holdFromRateLimit({ limited: true, retryAfterMs: 2_000, resetAt: now + 60_000 }, now)).toBe(2_000);
  });

  it('waits for the reset when the call was refused or the window is used up', () => {
    expect(holdFromRateLimit({ limited: true, resetAt: now + 5_000 }, now)).toBe(5_000);
    expect(holdFromRateLimit({ limited: false, remaining: 0, resetAt: now + 5_000 }, now)).toBe(5_000);
  });

  it('does not hold while calls remain, and holds a default when a refusal said nothing', () => {
    expect(holdFromRateLimit({ limited: false, remaining: 3, resetAt: now + 5_000 }, now)).toBe(0);
    expect(holdFromRateLimit(undefined, now)).toBe(0);
    expect(holdFromRateLimit({ limited: true }, now, 750)).toBe(750);
  });
});

describe('UpstreamGate', () => {
  it('refuses calls until the learned hold ends, then lets them through', async () => {
    const clock = new ManualClock();
    const gate = new UpstreamGate({ holds: new InMemoryHoldStore({ clock }), clock });
    expect(await gate.afterCall(key, { limited: true, retryAfterMs: 3_000 })).toBe(3_000);
    expect(await gate.beforeCall(key)).toEqual({ ok: false, retryAfterMs: 3_000, reason: 'upstream_hold' });
    clock.advance(2_999);
    expect(await gate.beforeCall(key)).toEqual({ ok: false, retryAfterMs: 1, reason: 'upstream_hold' });
    clock.advance(1);
    expect(await gate.beforeCall(key)).toEqual({ ok: true });
    expect(await gate.beforeCall(upstreamKey('jira', 'conn-2'))).toEqual({ ok: true });
  });

  it('keeps the longest hold: a shorter Retry-After never shortens one in force', async () => {
    const clock = new ManualClock();
    const gate = new UpstreamGate({ holds: new InMemoryHoldStore({ clock }), clock });
    await gate.afterCall(key, { limited: true, retryAfterMs: 10_000 });
    await gate.afterCall(key, { limited: true, retryAfterMs: 1_000 });
    expect(await gate.beforeCall(key)).toMatchObject({ ok: false, retryAfterMs: 10_000 });
  });

  it('caps a hold at maxHoldMs', async () => {
    const clock = new ManualClock();
    const gate = new UpstreamGate({ holds: new InMemoryHoldStore({ clock }), clock, maxHoldMs: 60_000 });
    expect(await gate.afterCall(key, { limited: true, retryAfterMs: 86_400_000 })).toBe(60_000);
  });

  it('never sends before an upstream Retry-After, across two replicas sharing the holds', async () => {
    const clock = new ManualClock();
    const upstream = new FakeUpstream(clock, 5, 1_000, false);
    const holds = new InMemoryHoldStore({ clock });
    const replicas = [new UpstreamGate({ holds, clock }), new UpstreamGate({ holds, clock })];
    // 20 s of traffic at 20 calls/s (4× the upstream's limit), alternating replicas.
    for (let tick = 0; tick < 20 * 20; tick++) {
      const gate = replicas[tick % 2];
      if ((await gate.beforeCall(key)).ok) await gate.afterCall(key, upstream.call().rateLimit);
      clock.advance(50);
    }
    expect(upstream.refusals).toBeGreaterThan(0);
    expect(upstream.violations).toEqual([]);
    // It still used the upstream: the hold lifts and calls resume.
    expect(upstream.received.length).toBeGreaterThan(5 * 10);
  });

  it('stops at an exhausted window (remaining 0) before the upstream has to refuse', async () => {
    const clock = new ManualClock();
    const upstream = new FakeUpstream(clock, 5, 1_000, true);
    const gate = new UpstreamGate({ holds: new InMemoryHoldStore({ clock }), clock });
    for (let tick = 0; tick < 10 * 20; tick++) {
      if ((await gate.beforeCall(key)).ok) await gate.afterCall(key, upstream.call().rateLimit);
      clock.advance(50);
    }
    expect(upstream.refusals).toBe(0);
    expect(upstream.received.length).toBeGreaterThanOrEqual(5 * 10);
  });

  it('paces by the declared limit so the upstream never has to refuse', async () => {
    const clock = new ManualClock();
    const upstream = new FakeUpstream(clock, 10, 1_000);
    const gate = new UpstreamGate({ holds: new InMemoryHoldStore({ clock }), pacer: new InMemoryRateLimiter({ clock }), clock });
    const pace = paceFromDeclaredLimit({ requests: 10, windowSeconds: 1 }, { headroom: 0 });
    let paced = 0;
    for (let tick = 0; tick < 10 * 100; tick++) {
      const decision = await gate.beforeCall(key, pace);
      if (decision.ok) await gate.afterCall(key, upstream.call().rateLimit);
      else paced++;
      clock.advance(10 + (tick % 7)); // ~3-4× the limit, at uneven spacing
    }
    expect(upstream.refusals).toBe(0);
    expect(paced).toBeGreaterThan(0);
    expect(upstream.received.length).toBeGreaterThan(90);
  });
});

describe('paceFromDeclaredLimit', () => {
  it.each([
    { requests: 10, windowSeconds: 1 },
    { requests: 1, windowSeconds: 1 },
    { requests: 100, windowSeconds: 60 },
    { requests: 7, windowSeconds: 3 },
  ])('never admits more than $requests in any $windowSeconds s window ($requests/$windowSeconds s, offered 5×)', async (limit) => {
    const clock = new ManualClock(0);
    const limiter = new InMemoryRateLimiter({ clock });
    const rule = paceFromDeclaredLimit(limit, { headroom: 0 });
    const windowMs = limit.windowSeconds * 1000;
    const step = Math.max(1, Math.floor(windowMs / (5 * limit.requests)));
    const admitted: number[] = [];
    for (let t = 0; t < windowMs * 6; t += step) {
      clock.set(t);
      if ((await limiter.take('k', rule)).allowed) admitted.push(t);
    }
    // Slide a half-open window [start, start + W) over every admitted call.
    let worst = 0;
    for (let i = 0, j = 0; i < admitted.length; i++) {
      while (admitted[j] < admitted[i] - windowMs + 1) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(worst).toBeLessThanOrEqual(limit.requests);
    expect(worst).toBeGreaterThanOrEqual(Math.floor(limit.requests * 0.8)); // and it does not waste the budget
  });

  it('leaves headroom by default', () => {
    expect(paceFromDeclaredLimit({ requests: 100, windowSeconds: 10 })).toEqual({ ratePerSecond: 7.3, burst: 18 });
  });
});
