import { backoffDelayMs, DEFAULT_RETRY_POLICY, mayRetry } from './retry-policy';

describe('Vault retry policy', () => {
  it('retries idempotent calls on connection errors, 429 and 5xx', () => {
    expect(mayRetry({ kind: 'transport', sent: true }, true)).toBe(true);
    expect(mayRetry({ kind: 'status', status: 503 }, true)).toBe(true);
    expect(mayRetry({ kind: 'status', status: 429 }, true)).toBe(true);
  });

  it('never retries a 4xx answer', () => {
    expect(mayRetry({ kind: 'status', status: 400 }, true)).toBe(false);
    expect(mayRetry({ kind: 'status', status: 404 }, true)).toBe(false);
  });

  it('retries a write only when the request never reached Vault or was turned away unapplied', () => {
    expect(mayRetry({ kind: 'transport', sent: false }, false)).toBe(true);
    expect(mayRetry({ kind: 'status', status: 503 }, false)).toBe(true); // sealed, standby
    expect(mayRetry({ kind: 'status', status: 429 }, false)).toBe(true);
    expect(mayRetry({ kind: 'transport', sent: true }, false)).toBe(false);
    expect(mayRetry({ kind: 'status', status: 500 }, false)).toBe(false);
    expect(mayRetry({ kind: 'status', status: 502 }, false)).toBe(false);
  });

  it('backs off exponentially under a ceiling, with full jitter', () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(DEFAULT_RETRY_POLICY, n, top))).toEqual([100, 200, 400, 800, 1600, 2000]);
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 3, () => 0)).toBe(0);
  });
});
