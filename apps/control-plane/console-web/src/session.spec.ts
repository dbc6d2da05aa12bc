import { refreshDelay } from './session';

describe('console session refresh timing', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');
  const expiringIn = (ms: number) => ({ accessToken: 'a', refreshToken: 'r', accessTokenExpiresAt: new Date(now + ms).toISOString() });

  it('refreshes a minute before the access token expires', () => {
    expect(refreshDelay(expiringIn(15 * 60_000), now)).toBe(14 * 60_000);
  });

  it('waits at least five seconds, even for a token about to expire or already expired', () => {
    expect(refreshDelay(expiringIn(30_000), now)).toBe(5_000);
    expect(refreshDelay(expiringIn(-60_000), now)).toBe(5_000);
  });
});
