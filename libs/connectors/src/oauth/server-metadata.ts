import { actionError } from '../engine/action-error';
import type { HttpTransport } from '../engine/types';
import { createUndiciTransport } from '../engine/undici-transport';
import type { OAuthResult } from './token-client';

/** The endpoints of an authorization server that a connection needs. */
export interface AuthorizationServerEndpoints {
  issuer: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl?: string;
  /** OIDC userinfo: a cheap call that proves an access token works. */
  userinfoUrl?: string;
}

/**
 * Reads an authorization server's metadata: RFC 8414 first
 * (`/.well-known/oauth-authorization-server`, inserted before the issuer's path), then OpenID
 * Connect Discovery (`/.well-known/openid-configuration`, appended). The document must name
 * the same issuer it was fetched for (RFC 8414 §3.3), or an attacker who controls one
 * document could point our tokens elsewhere. A server that lists its PKCE methods must offer
 * S256, the only one we send.
 */
export async function discoverAuthorizationServer(
  issuer: string,
  deps: { transport?: HttpTransport } = {},
): Promise<OAuthResult<AuthorizationServerEndpoints>> {
  const base = new URL(issuer);
  const path = base.pathname.replace(/\/$/, '');
  const candidates = [`${base.origin}/.well-known/oauth-authorization-server${path}`, `${base.origin}${path}/.well-known/openid-configuration`];
  const send = deps.transport ?? createUndiciTransport();
  let lastProblem = 'no metadata document answered';
  for (const url of candidates) {
    let metadata: Record<string, unknown>;
    try {
      const response = await send({ method: 'GET', url, headers: { accept: 'application/json' } });
      if (response.status !== 200) {
        lastProblem = `${new URL(url).pathname} answered HTTP ${response.status}`;
        continue;
      }
      metadata = JSON.parse(response.body) as Record<string, unknown>;
    } catch (error) {
      // A transport that refuses the destination (the egress guard) says so with errorCode
      // `forbidden`; its message names nothing of the target, and neither may ours (no URL,
      // no second candidate tried), so the answer cannot map which ports listen.
      if ((error as { errorCode?: unknown }).errorCode === 'forbidden') return { ok: false, error: actionError('forbidden', (error as Error).message) };
      lastProblem = `${new URL(url).pathname}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).name}`;
      continue;
    }
    return endpointsFrom(issuer, metadata);
  }
  return { ok: false, error: actionError('upstream_invalid_request', `authorization server metadata for ${issuer} not found (${lastProblem})`) };
}

function endpointsFrom(issuer: string, metadata: Record<string, unknown>): OAuthResult<AuthorizationServerEndpoints> {
  const refuse = (why: string): OAuthResult<AuthorizationServerEndpoints> => ({
    ok: false,
    error: actionError('upstream_invalid_request', `authorization server metadata refused: ${why}`),
  });
  if (typeof metadata['issuer'] !== 'string' || stripSlash(metadata['issuer']) !== stripSlash(issuer))
    return refuse(`it names issuer ${String(metadata['issuer'])}, not ${issuer}`);
  const authorizeUrl = metadata['authorization_endpoint'];
  const tokenUrl = metadata['token_endpoint'];
  if (typeof authorizeUrl !== 'string' || typeof tokenUrl !== 'string') return refuse('authorization_endpoint and token_endpoint are required');
  const methods = metadata['code_challenge_methods_supported'];
  if (Array.isArray(methods) && !methods.includes('S256')) return refuse('the server does not offer PKCE with S256');
  const revokeUrl = typeof metadata['revocation_endpoint'] === 'string' ? metadata['revocation_endpoint'] : undefined;
  const userinfoUrl = typeof metadata['userinfo_endpoint'] === 'string' ? metadata['userinfo_endpoint'] : undefined;
  return {
    ok: true,
    value: { issuer: metadata['issuer'], authorizeUrl, tokenUrl, ...(revokeUrl ? { revokeUrl } : {}), ...(userinfoUrl ? { userinfoUrl } : {}) },
  };
}

const stripSlash = (url: string) => url.replace(/\/$/, '');
