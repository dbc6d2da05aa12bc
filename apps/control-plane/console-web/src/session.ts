/**
 * The signed-in session: short-lived access token plus a single-use refresh token, kept in
 * sessionStorage (per tab, gone with the tab; the keys are shared with the GraphiQL console and
 * the invitation page, so a session started there works here too).
 */
export interface SessionTokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
}

const ACCESS = 'causeway.accessToken';
const EXPIRES = 'causeway.accessTokenExpiresAt';
const REFRESH = 'causeway.refreshToken';

export function storedSession(): SessionTokens | null {
  const accessToken = sessionStorage.getItem(ACCESS);
  if (!accessToken) return null;
  return {
    accessToken,
    accessTokenExpiresAt: sessionStorage.getItem(EXPIRES) ?? new Date(Date.now() + 60_000).toISOString(),
    refreshToken: sessionStorage.getItem(REFRESH) ?? '',
  };
}

export function storeSession(tokens: SessionTokens | null): void {
  if (!tokens) {
    for (const key of [ACCESS, EXPIRES, REFRESH]) sessionStorage.removeItem(key);
    return;
  }
  sessionStorage.setItem(ACCESS, tokens.accessToken);
  sessionStorage.setItem(EXPIRES, tokens.accessTokenExpiresAt);
  sessionStorage.setItem(REFRESH, tokens.refreshToken);
}

/** Refresh a minute before expiry (at least 5 s from now), so no request meets an expired token. */
export function refreshDelay(tokens: SessionTokens, now = Date.now()): number {
  return Math.max(5_000, new Date(tokens.accessTokenExpiresAt).getTime() - now - 60_000);
}
