import { ERROR_CODES, type ErrorCode } from '@causeway/contracts';
import { backoffDelayMs, decideRetry, DEFAULT_RETRY_POLICY, isConnectionError, type RetryQuestion } from './retry-decision';

const now = 1_000_000;
const read = { sideEffect: 'read' as const };
const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 2_000, minAttemptMs: 50 };
const question = (overrides: Partial<RetryQuestion> = {}): RetryQuestion => ({
  failure: { kind: 'error', code: 'upstream_unavailable' },
  attempt: 1,
  safety: read,
  now,
  deadline: now + 30_000,
  ...overrides,
});

afterEach(() => jest.restoreAllMocks());

describe('backoffDelayMs (full jitter)', () => {
  it.each([1, 2, 3, 4, 5, 8])('stays within [0, min(cap, base·2^(n-1))) and spreads across it, attempt %i', (attempt) => {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const samples = Array.from({ length: 2_000 }, () => backoffDelayMs(attempt, policy));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(ceiling);
    expect(Math.min(...samples)).toBeLessThan(ceiling * 0.1);
    expect(Math.max(...samples)).toBeGreaterThan(ceiling * 0.9);
  });

  it('hits both ends of the range', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    expect(backoffDelayMs(3, policy)).toBe(0);
    jest.spyOn(Math, 'random').mockReturnValue(0.999999);
    expect(backoffDelayMs(3, policy)).toBe(399);
    expect(backoffDelayMs(30, policy)).toBe(1_999);
  });
});

describe('decideRetry', () => {
  it('retries a read on every retryable code and on connection errors', () => {
    const retryable = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => ERROR_CODES[code].retryable);
    for (const code of retryable) expect(decideRetry(question({ failure: { kind: 'error', code } }), policy)).toMatchObject({ retry: true });
    expect(decideRetry(question({ failure: { kind: 'connection', cause: 'ECONNRESET' } }), policy)).toMatchObject({ retry: true });
  });

  it('never retries a code the contract calls final', () => {
    for (const code of ['upstream_invalid_request', 'upstream_forbidden', 'upstream_not_found', 'needs_reauth', 'upstream_conflict', 'internal'] as const) {
      expect(decideRetry(question({ failure: { kind: 'error', code } }), policy)).toEqual({ retry: false, reason: 'not_retryable' });
    }
  });

  it('never retries a write or a destructive call whose idempotency the upstream does not honour', () => {
    for (const sideEffect of ['write', 'destructive'] as const) {
      for (const failure of [
        { kind: 'error', code: 'upstream_timeout' },
        { kind: 'error', code: 'upstream_unavailable' },
        { kind: 'error', code: 'upstream_rate_limited', retryAfterMs: 10 },
        { kind: 'connection' },
      ] as const) {
        expect(decideRetry(question({ safety: { sideEffect }, failure }), policy)).toEqual({ retry: false, reason: 'unsafe' });
        expect(decideRetry(question({ safety: { sideEffect, upstreamHonoursIdempotencyKey: false }, failure }), policy)).toEqual({
          retry: false,
          reason: 'unsafe',
        });
      }
    }
  });

  it('retries a write that carries an idempotency key the upstream honours', () => {
    expect(decideRetry(question({ safety: { sideEffect: 'write', upstreamHonoursIdempotencyKey: true } }), policy)).toMatchObject({ retry: true });
  });

  it('never retries earlier than the upstream asked', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    expect(decideRetry(question({ failure: { kind: 'error', code: 'upstream_rate_limited', retryAfterMs: 3_000 } }), policy)).toEqual({
      retry: true,
      delayMs: 3_000,
    });
    jest.spyOn(Math, 'random').mockReturnValue(0.99);
    // Backoff larger than the Retry-After: the larger wins.
    expect(decideRetry(question({ attempt: 4, failure: { kind: 'error', code: 'upstream_rate_limited', retryAfterMs: 10 } }), policy)).toEqual({
      retry: true,
      delayMs: 792,
    });
  });

  it('stops when the wait plus a minimal attempt would end past the deadline', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const failure = { kind: 'error', code: 'upstream_rate_limited', retryAfterMs: 1_000 } as const;
    expect(decideRetry(question({ failure, deadline: now + 1_050 }), policy)).toEqual({ retry: true, delayMs: 1_000 });
    expect(decideRetry(question({ failure, deadline: now + 1_049 }), policy)).toEqual({ retry: false, reason: 'deadline' });
    expect(decideRetry(question({ failure: { kind: 'error', code: 'upstream_rate_limited', retryAfterMs: 60_000 } }), policy)).toEqual({
      retry: false,
      reason: 'deadline',
    });
  });

  it('stops after maxAttempts', () => {
    expect(decideRetry(question({ attempt: 4 }), policy)).toMatchObject({ retry: true });
    expect(decideRetry(question({ attempt: 5 }), policy)).toEqual({ retry: false, reason: 'attempts_exhausted' });
    expect(decideRetry(question({ attempt: DEFAULT_RETRY_POLICY.maxAttempts }))).toEqual({ retry: false, reason: 'attempts_exhausted' });
  });
});

describe('isConnectionError', () => {
  it('recognises transport codes on the error or its cause, and nothing else', () => {
    expect(isConnectionError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isConnectionError(new TypeError('fetch failed', { cause: Object.assign(new Error('y'), { code: 'UND_ERR_SOCKET' }) }))).toBe(true);
    expect(isConnectionError(new Error('bug'))).toBe(false);
    expect(isConnectionError(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
  });
});
