import { revokeToken, type OAuthClient, type OAuthDeps, type OAuthResult, type RevocableMode } from './token-client';

/**
 * Ends a connection's grant at the provider, choosing the token the vendor's endpoint takes:
 * the refresh token where the endpoint accepts any token (RFC 7009 §2.1 and Salesforce: it
 * takes the access tokens it minted with it), otherwise the access token (Slack `auth.revoke`
 * authenticates with the token it revokes; GitHub's endpoint takes `access_token`).
 */
export async function revokeGrant(
  mode: RevocableMode,
  client: OAuthClient,
  tokens: { accessToken: string; refreshToken?: string },
  deps: OAuthDeps = {},
): Promise<OAuthResult<{ revoked: 'refresh_token' | 'access_token' }>> {
  const takesAnyToken = mode.revokeRequest?.tokenParam === 'token' && mode.revokeRequest.clientAuthentication !== 'bearer';
  const which = takesAnyToken && tokens.refreshToken ? 'refresh_token' : 'access_token';
  const result = await revokeToken(mode, client, which === 'refresh_token' ? (tokens.refreshToken as string) : tokens.accessToken, deps);
  return result.ok ? { ok: true, value: { revoked: which } } : result;
}
