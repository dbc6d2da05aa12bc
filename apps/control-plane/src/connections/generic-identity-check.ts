import type { HttpTransport } from '@causeway/connectors';
import type { ErrorCode } from '@causeway/contracts';

export type IdentityCheck = { ok: true } | { ok: false; code: ErrorCode; message: string; retryable: boolean };

/**
 * testConnection for a generic OAuth 2.0 connection: there are no actions to call, so the
 * access token is shown to the authorization server's OIDC userinfo endpoint (found by
 * discovery), which answers 200 for a token it honours and 401 for one it does not.
 */
export async function checkAtUserinfo(userinfoUrl: string, accessToken: string, transport: HttpTransport): Promise<IdentityCheck> {
  let status: number;
  try {
    status = (
      await transport({
        method: 'GET',
        url: userinfoUrl,
        headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
        signal: AbortSignal.timeout(10_000),
      })
    ).status;
  } catch (error) {
    return {
      ok: false,
      code: 'upstream_unavailable',
      message: `userinfo endpoint unreachable (${(error as NodeJS.ErrnoException).code ?? (error as Error).name})`,
      retryable: true,
    };
  }
  if (status >= 200 && status < 300) return { ok: true };
  if (status === 401) return { ok: false, code: 'needs_reauth', message: 'the authorization server no longer honours this token: reconnect', retryable: false };
  if (status >= 500 || status === 429)
    return { ok: false, code: 'upstream_unavailable', message: `userinfo endpoint answered HTTP ${status}`, retryable: true };
  return { ok: false, code: 'upstream_error', message: `userinfo endpoint answered HTTP ${status}`, retryable: false };
}
