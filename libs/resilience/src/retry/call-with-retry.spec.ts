import { ManualClock } from '../common/clock';
import { callWithRetry, type AttemptResult } from './call-with-retry';
import { RetryBudget } from './retry-budget';

type Result = AttemptResult & { value?: string };
const ok = (value = 'done'): Result => ({ ok: true, value });
const fail = (code: 'upstream_unavailable' | 'upstream_invalid_request' | 'upstream_rate_limited' = 'upstream_unavailable', retryAfterMs?: number): Result => ({
  ok: false,
  error: { code, retryAfterMs },
});

function scripted(results: Array<Result | Error>) {
  const calls: number[] = [];
  return {
    calls,
    attempt: (clock: ManualClock) => async () => {
      calls.push(clock.now());
      const next = results.shift() ?? ok();
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

describe('callWithRetry', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, minAttemptMs: 50 };

  it('retries a read until it succeeds, waiting between attempts', async () => {
    const clock = new ManualClock();
    const upstream = scripted([fail(), fail(), ok('third time')]);
    const outcome = await callWithRetry(upstream.attempt(clock), {
      safety: { sideEffect: 'read' },
      deadline: clock.now() + 10_000,
      budgetKey: 'x',
      policy,
      clock,
      sleep: clock.sleep,
    });
    expect(outcome).toEqual({ result: ok('third time'), attempts: 3 });
    expect(upstream.calls).toHaveLength(3);
  });

  it('sends a retry no earlier than the upstream Retry-After', async () => {
    const clock = new ManualClock();
    const upstream = scripted([fail('upstream_rate_limited', 1_500), ok()]);
    await callWithRetry(upstream.attempt(clock), {
      safety: { sideEffect: 'read' },
      deadline: clock.now() + 10_000,
      budgetKey: 'x',
      policy,
      clock,
      sleep: clock.sleep,
    });
    expect(upstream.calls[1] - upstream.calls[0]).toBeGreaterThanOrEqual(1_500);
  });

  it('never sleeps past the deadline', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const deadline = start + 700;
    const upstream = scripted(Array.from({ length: 10 }, () => fail()));
    const outcome = await callWithRetry(upstream.attempt(clock), {
      safety: { sideEffect: 'read' },
      deadline,
      budgetKey: 'x',
      policy: { ...policy, maxAttempts: 50, maxDelayMs: 400 },
      clock,
      sleep: clock.sleep,
    });
    expect(outcome.stoppedBy).toBe('deadline');
    expect(clock.now()).toBeLessThanOrEqual(deadline - policy.minAttemptMs);
    expect(upstream.calls.every((at) => at <= deadline)).toBe(true);
  });

  it('never retries an unsafe write', async () => {
    const clock = new ManualClock();
    const upstream = scripted([fail(), ok()]);
    const outcome = await callWithRetry(upstream.attempt(clock), {
      safety: { sideEffect: 'write' },
      deadline: clock.now() + 10_000,
      budgetKey: 'x',
      policy,
      clock,
      sleep: clock.sleep,
    });
    expect(outcome).toEqual({ result: fail(), attempts: 1, stoppedBy: 'unsafe' });
    expect(upstream.calls).toHaveLength(1);
  });

  it('stops retrying once the upstream budget is spent', async () => {
    const clock = new ManualClock();
    const budget = new RetryBudget({ clock, ratio: 0, minPerSecond: 0, maxTokens: 2 });
    const options = { safety: { sideEffect: 'read' as const }, deadline: clock.now() + 60_000, budgetKey: 'jira', budget, policy, clock, sleep: clock.sleep };
    const first = scripted(Array.from({ length: 10 }, () => fail()));
    expect(await callWithRetry(first.attempt(clock), options)).toMatchObject({ attempts: 3, stoppedBy: 'budget' });
    const second = scripted(Array.from({ length: 10 }, () => fail()));
    expect(await callWithRetry(second.attempt(clock), options)).toMatchObject({ attempts: 1, stoppedBy: 'budget' });
  });

  it('does not retry a final error', async () => {
    const clock = new ManualClock();
    const upstream = scripted([fail('upstream_invalid_request')]);
    expect(
      await callWithRetry(upstream.attempt(clock), {
        safety: { sideEffect: 'read' },
        deadline: clock.now() + 10_000,
        budgetKey: 'x',
        policy,
        clock,
        sleep: clock.sleep,
      }),
    ).toMatchObject({ attempts: 1, stoppedBy: 'not_retryable' });
  });

  it('does not retry a retryable failure the caller marks as final (an open breaker)', async () => {
    const clock = new ManualClock();
    const breakerOpen: Result = { ok: false, error: { code: 'upstream_unavailable', retryAfterMs: 5_000 }, value: 'breaker' };
    const upstream = scripted([breakerOpen, ok()]);
    const outcome = await callWithRetry(upstream.attempt(clock), {
      safety: { sideEffect: 'read' },
      deadline: clock.now() + 10_000,
      budgetKey: 'x',
      policy,
      clock,
      sleep: clock.sleep,
      isFinal: (r) => r.value === 'breaker',
    });
    expect(outcome).toEqual({ result: breakerOpen, attempts: 1, stoppedBy: 'final' });
    expect(upstream.calls).toHaveLength(1);
  });

  it('retries a thrown connection error and rethrows it when retries run out', async () => {
    const clock = new ManualClock();
    const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const recovering = scripted([reset(), ok()]);
    expect(
      await callWithRetry(recovering.attempt(clock), {
        safety: { sideEffect: 'read' },
        deadline: clock.now() + 10_000,
        budgetKey: 'x',
        policy,
        clock,
        sleep: clock.sleep,
      }),
    ).toMatchObject({ attempts: 2 });
    const dead = scripted([reset(), reset(), reset(), reset()]);
    await expect(
      callWithRetry(dead.attempt(clock), { safety: { sideEffect: 'read' }, deadline: clock.now() + 10_000, budgetKey: 'x', policy, clock, sleep: clock.sleep }),
    ).rejects.toThrow('socket hang up');
    expect(dead.calls).toHaveLength(4);
  });

  it('lets a programming error through at once', async () => {
    const clock = new ManualClock();
    const upstream = scripted([new TypeError('undefined is not a function')]);
    await expect(
      callWithRetry(upstream.attempt(clock), {
        safety: { sideEffect: 'read' },
        deadline: clock.now() + 10_000,
        budgetKey: 'x',
        policy,
        clock,
        sleep: clock.sleep,
      }),
    ).rejects.toThrow(TypeError);
    expect(upstream.calls).toHaveLength(1);
  });

  it('stops waiting when the caller aborts', async () => {
    const controller = new AbortController();
    const upstream = scripted([fail(), ok()]);
    const clock = new ManualClock();
    const pending = callWithRetry(upstream.attempt(clock), {
      safety: { sideEffect: 'read' },
      deadline: Date.now() + 60_000,
      budgetKey: 'x',
      policy: { ...policy, baseDelayMs: 30_000, maxDelayMs: 30_000 },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    expect(await pending).toMatchObject({ attempts: 1, stoppedBy: 'aborted' });
  });
});
