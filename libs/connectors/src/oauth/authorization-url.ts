import type { AuthMode } from '../definition/auth-modes';
import { resolveEndpoint } from './endpoint-template';

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  /** S256 challenge from `createPkcePair`; ignored when the vendor does not support PKCE. */
  codeChallenge?: string;
  /** Replaces the vendor's authorize URL (a simulator in tests and in the embedded default). */
  authorizeUrl?: string;
  /** Admin-supplied values a per-tenant authorize URL names (`{subdomain}`, `{tenant}`). */
  connectionParams?: Record<string, string>;
}

/**
 * The URL to send the user's browser to. Vendor differences come from the definition: the
 * scope separator (Slack and GitHub commas or spaces), the scope parameter (Slack user scopes
 * go in `user_scope`), fixed extras (Atlassian `audience` and `prompt`).
 */
export function buildAuthorizationUrl(mode: AuthMode, request: AuthorizationRequest): string {
  if (mode.type !== 'oauth2_authorization_code' && mode.type !== 'oauth2_implicit') {
    throw new Error(`auth mode ${mode.id} has no authorization step`);
  }
  const endpoint = resolveEndpoint(request.authorizeUrl ?? mode.authorizeUrl, request.connectionParams);
  // A programming error, like the wrong mode above: the caller collects these values first.
  if (!endpoint.ok) throw new Error(`auth mode ${mode.id}: the authorize URL needs "${endpoint.missing}"`);
  const url = new URL(endpoint.url);
  url.searchParams.set('response_type', mode.type === 'oauth2_implicit' ? 'token' : 'code');
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('state', request.state);
  const scopeParam = mode.type === 'oauth2_authorization_code' ? (mode.scopeParam ?? 'scope') : 'scope';
  if (request.scopes.length > 0) url.searchParams.set(scopeParam, request.scopes.join(mode.scopeSeparator));
  for (const [name, value] of Object.entries(mode.authorizeParams ?? {})) url.searchParams.set(name, value);
  if (mode.type === 'oauth2_authorization_code' && mode.pkce !== 'unsupported' && request.codeChallenge) {
    url.searchParams.set('code_challenge', request.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.toString();
}
