import { randomBytes } from 'node:crypto';

import { CookieJar } from './cookie-jar';
import { OAuthFlowError } from './errors';
import { codeChallengeS256, createCodeVerifier } from './pkce';
import type { AuthorizationResult, AuthorizeOptions } from './types';

/** Enough redirects for /auth → /interaction → /auth/:uid → redirect_uri, with room to spare. */
const MAX_REDIRECTS = 10;

export interface AuthorizeContext {
  issuer: string;
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
}

/**
 * Plays the browser in an authorization code request (RFC 6749 §4.1, PKCE per RFC 7636):
 * follows the server's redirects by hand, carrying its interaction cookies, until it is sent
 * to the redirect URI, then returns the code from there. The test server signs the user in and
 * consents on its own (see auto-login.mjs), so no page is ever filled in.
 */
export async function authorize(context: AuthorizeContext, options: AuthorizeOptions = {}): Promise<AuthorizationResult> {
  const { clientId, redirectUri } = context;
  const codeVerifier = options.pkce === false ? undefined : (options.codeVerifier ?? createCodeVerifier());
  const state = options.state ?? randomBytes(16).toString('base64url');

  const scope = options.scope ?? 'openid offline_access';
  const request = new URL(context.authorizationEndpoint);
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope,
    state,
    // OIDC Core §11: offline_access is ignored unless prompt includes consent, and
    // oidc-provider enforces that (it drops the scope otherwise).
    prompt: scope.split(' ').includes('offline_access') ? 'consent' : undefined,
    ...(codeVerifier === undefined ? {} : { code_challenge: codeChallengeS256(codeVerifier), code_challenge_method: 'S256' }),
    test_account: options.accountId,
    test_deny: options.deny ? '1' : undefined,
    ...options.extraParams,
  };
  for (const [key, value] of Object.entries(params)) if (value !== undefined) request.searchParams.set(key, value);

  const callbackUrl = await followToRedirectUri(request, new URL(redirectUri));
  const callback = callbackUrl.searchParams;

  const error = callback.get('error');
  if (error) {
    throw new OAuthFlowError('authorization request was refused', {
      error,
      error_description: callback.get('error_description') ?? undefined,
    });
  }
  if (callback.get('state') !== state) throw new OAuthFlowError(`state mismatch at the redirect URI: ${callbackUrl.href}`);
  // RFC 9207: oidc-provider names itself in the response; a mismatch means a mix-up.
  const iss = callback.get('iss');
  if (iss !== null && iss !== context.issuer) throw new OAuthFlowError(`unexpected iss ${iss} at the redirect URI`);
  const code = callback.get('code');
  if (!code) throw new OAuthFlowError(`no code at the redirect URI: ${callbackUrl.href}`);

  return { code, state, codeVerifier, clientId, redirectUri, callbackUrl };
}

/**
 * Plays the browser for an authorize URL built by the app under test: follows the server's
 * redirects (auto-login and consent included) until it is sent to `redirectUri`, and returns
 * that URL with its `code`, `state` and `iss` untouched, for the test to hand to the app's
 * callback. `accountId` signs in that account instead of the default one.
 */
export function followAuthorizationUrl(authorizeUrl: string, redirectUri: string, options: { accountId?: string } = {}): Promise<URL> {
  const start = new URL(authorizeUrl);
  if (options.accountId) start.searchParams.set('test_account', options.accountId);
  return followToRedirectUri(start, new URL(redirectUri));
}

async function followToRedirectUri(start: URL, redirectUri: URL): Promise<URL> {
  const jar = new CookieJar();
  let url = start;
  for (let hop = 0; hop < MAX_REDIRECTS; hop += 1) {
    const cookie = jar.headerFor(url);
    const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    jar.store(response, url);
    const body = await response.text();

    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || !location) {
      throw new OAuthFlowError(
        `authorization stopped at ${url.pathname} with HTTP ${response.status} instead of redirecting: ${body.slice(0, 300)}`,
        undefined,
        response.status,
      );
    }

    const next = new URL(location, url);
    if (next.origin === redirectUri.origin && next.pathname === redirectUri.pathname) return next;
    url = next;
  }
  throw new OAuthFlowError(`more than ${MAX_REDIRECTS} redirects without reaching ${redirectUri.href}`);
}
