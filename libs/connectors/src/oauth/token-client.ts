import type { ErrorCode } from '@causeway/contracts';
import type { OAuth2AuthorizationCodeMode, TokenResponseShape } from '../definition/auth-modes';
import { actionError, codeForStatus } from '../engine/action-error';
import { readBodyPath } from '../engine/body-path';
import type { ActionError, HttpTransport, UpstreamResponse } from '../engine/types';
import { createUndiciTransport } from '../engine/undici-transport';
import { identitySignatureValid } from './identity-signature';
import { resolveEndpoint } from './endpoint-template';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

/** What a token endpoint answered, normalized. Secrets: store, never log. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms; absent when the vendor does not say (Salesforce: refresh on 401). */
  expiresAt?: number;
  scopes?: string[];
  /** Connection parameters the answer carried, e.g. Salesforce `instanceUrl`. */
  connectionParams: Record<string, string>;
}

export type OAuthResult<T> = { ok: true; value: T } | { ok: false; error: ActionError };

export interface OAuthDeps {
  transport?: HttpTransport;
  now?: () => number;
  /** Replaces vendor endpoints (simulators): `tokenUrl`, `discoveryUrl`, `revokeUrl`. */
  endpoints?: { tokenUrl?: string; discoveryUrl?: string; revokeUrl?: string };
  /**
   * Admin-supplied connection parameters that per-tenant endpoints name, e.g. `{ subdomain }`
   * for `https://{subdomain}.zendesk.com/oauth/tokens`.
   */
  connectionParams?: Record<string, string>;
}

/** Vendor error codes meaning "this grant (code or refresh token) is no longer usable". */
const DEAD_GRANT = new Set([
  'invalid_grant',
  'invalid_refresh_token',
  'bad_refresh_token',
  'invalid_code',
  'bad_verification_code',
  'expired_token',
  'token_expired',
  'token_revoked',
]);

export function exchangeAuthorizationCode(
  mode: OAuth2AuthorizationCodeMode,
  client: OAuthClient,
  grant: { code: string; redirectUri: string; codeVerifier?: string },
  deps: OAuthDeps = {},
): Promise<OAuthResult<TokenSet>> {
  const params: Record<string, string> = { grant_type: 'authorization_code', code: grant.code, redirect_uri: grant.redirectUri };
  if (grant.codeVerifier) params['code_verifier'] = grant.codeVerifier;
  return requestTokens(mode, client, params, mode.tokenResponse, 'exchange', undefined, deps);
}

/**
 * Trades a refresh token for new tokens. A vendor that does not rotate (Salesforce by default)
 * answers without a refresh token: the old one stays valid and is carried over.
 */
export function refreshAccessToken(
  mode: OAuth2AuthorizationCodeMode,
  client: OAuthClient,
  refreshToken: string,
  deps: OAuthDeps = {},
): Promise<OAuthResult<TokenSet>> {
  return requestTokens(
    mode,
    client,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    mode.refreshResponse ?? mode.tokenResponse,
    'refresh',
    refreshToken,
    deps,
  );
}

/** Runs the post-consent discovery call (Atlassian accessible-resources -> cloudId). */
export async function discoverConnectionParams(
  mode: OAuth2AuthorizationCodeMode,
  accessToken: string,
  deps: OAuthDeps = {},
): Promise<OAuthResult<Record<string, string>>> {
  if (!mode.discovery) return { ok: true, value: {} };
  const response = await send(deps, {
    method: 'GET',
    url: deps.endpoints?.discoveryUrl ?? mode.discovery.url,
    headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
  });
  if (!response.ok) return response;
  const body = parseBody(response.value);
  if (response.value.status >= 400) return { ok: false, error: tokenEndpointError(response.value.status, body, 'discovery') };
  const params: Record<string, string> = {};
  for (const [name, path] of Object.entries(mode.discovery.connectionParamPaths)) {
    const value = readBodyPath(body, path);
    if (typeof value !== 'string')
      return { ok: false, error: actionError('connection_required', `the grant covers no site: ${name} not found in discovery answer`) };
    params[name] = value;
  }
  return { ok: true, value: params };
}

/** The part of an auth mode revocation needs; implicit-grant modes can have it too (Contentful). */
export type RevocableMode = Pick<OAuth2AuthorizationCodeMode, 'label' | 'revokeUrl' | 'revokeRequest'>;

export async function revokeToken(mode: RevocableMode, client: OAuthClient, token: string, deps: OAuthDeps = {}): Promise<OAuthResult<true>> {
  const revoke = mode.revokeRequest;
  const target = deps.endpoints?.revokeUrl ?? mode.revokeUrl;
  if (!revoke || !target)
    return {
      ok: false,
      error: actionError('upstream_invalid_request', `${mode.label} offers no revocation endpoint; the user revokes access in the vendor's settings`),
    };
  const headers: Record<string, string> = { accept: 'application/json' };
  const params: Record<string, string> = { [revoke.tokenParam]: token };
  if (revoke.clientAuthentication === 'basic') headers['authorization'] = basic(client);
  if (revoke.clientAuthentication === 'bearer') headers['authorization'] = `Bearer ${token}`;
  if (revoke.clientAuthentication === 'body') Object.assign(params, { client_id: client.clientId, client_secret: client.clientSecret });
  const body = encode(revoke.encoding, params, headers);
  const url = resolveEndpoint(target, deps.connectionParams);
  if (!url.ok) return { ok: false, error: actionError('connection_required', `${mode.label}: the revocation endpoint needs "${url.missing}"`) };
  const response = await send(deps, { method: revoke.method, url: url.url.replace('{client_id}', encodeURIComponent(client.clientId)), headers, body });
  if (!response.ok) return response;
  const parsed = parseBody(response.value);
  if (response.value.status >= 400 || readBodyPath(parsed, 'ok') === false)
    return { ok: false, error: tokenEndpointError(response.value.status, parsed, 'revoke') };
  return { ok: true, value: true };
}

function requestTokens(
  mode: OAuth2AuthorizationCodeMode,
  client: OAuthClient,
  params: Record<string, string>,
  shape: TokenResponseShape,
  purpose: 'exchange' | 'refresh',
  previousRefreshToken: string | undefined,
  deps: OAuthDeps,
): Promise<OAuthResult<TokenSet>> {
  const url = resolveEndpoint(deps.endpoints?.tokenUrl ?? (purpose === 'refresh' ? (mode.refreshUrl ?? mode.tokenUrl) : mode.tokenUrl), deps.connectionParams);
  if (!url.ok)
    return Promise.resolve({
      ok: false,
      error: actionError('connection_required', `${mode.label}: the token endpoint needs "${url.missing}"; set it on the connection`),
    });
  return postTokenRequest({ ...mode, url: url.url }, client, params, shape, purpose, previousRefreshToken, deps);
}

/** A token endpoint as the grants see it; `tokenRequest` absent means form-encoded, no client authentication (JWT bearer). */
export interface TokenEndpoint {
  label: string;
  url: string;
  tokenRequest?: OAuth2AuthorizationCodeMode['tokenRequest'];
  responseFormat: 'json' | 'form';
}

/**
 * Posts one token request (any grant) and normalizes the answer. `client` is null for grants
 * that authenticate by their own means (a signed assertion).
 */
export async function postTokenRequest(
  endpoint: TokenEndpoint,
  client: OAuthClient | null,
  params: Record<string, string>,
  shape: TokenResponseShape,
  purpose: TokenPurpose,
  previousRefreshToken: string | undefined,
  deps: OAuthDeps,
): Promise<OAuthResult<TokenSet>> {
  const request = endpoint.tokenRequest ?? { encoding: 'form' as const, clientAuthentication: 'body' as const };
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  if (client && request.clientAuthentication === 'basic') headers['authorization'] = basic(client);
  else if (client) Object.assign(params, { client_id: client.clientId, client_secret: client.clientSecret });
  const body = encode(request.encoding, params, headers);
  const response = await send(deps, { method: 'POST', url: endpoint.url, headers, body });
  if (!response.ok) return response;

  const parsed = parseBody(response.value, endpoint.responseFormat);
  // Slack (ok:false) and GitHub (error field) report failures with HTTP 200.
  const failedAt200 =
    (shape.okPath && readBodyPath(parsed, shape.okPath) === false) || (shape.errorPath && readBodyPath(parsed, shape.errorPath) !== undefined);
  if (response.value.status >= 400 || failedAt200) return { ok: false, error: tokenEndpointError(response.value.status, parsed, purpose) };

  if (client && identitySignatureValid(parsed, client.clientSecret) === false) {
    return { ok: false, error: actionError('upstream_error', `${endpoint.label}: the token answer's identity signature does not verify; refusing it`) };
  }
  const accessToken = readBodyPath(parsed, shape.accessTokenPath);
  if (typeof accessToken !== 'string' || accessToken === '') {
    return { ok: false, error: actionError('upstream_error', `${endpoint.label}: token answer has no access token at ${shape.accessTokenPath}`) };
  }
  const refreshToken = shape.refreshTokenPath ? readBodyPath(parsed, shape.refreshTokenPath) : undefined;
  const expiresIn = shape.expiresInPath ? Number(readBodyPath(parsed, shape.expiresInPath)) : Number.NaN;
  const scope = shape.scopePath ? readBodyPath(parsed, shape.scopePath) : undefined;
  const connectionParams: Record<string, string> = {};
  for (const [name, path] of Object.entries(shape.connectionParamPaths ?? {})) {
    const value = readBodyPath(parsed, path);
    if (typeof value === 'string') connectionParams[name] = value;
  }
  const tokens: TokenSet = { accessToken, connectionParams };
  const nextRefresh = typeof refreshToken === 'string' && refreshToken !== '' ? refreshToken : previousRefreshToken;
  if (nextRefresh) tokens.refreshToken = nextRefresh;
  if (Number.isFinite(expiresIn) && expiresIn > 0) tokens.expiresAt = (deps.now ?? Date.now)() + expiresIn * 1000;
  if (typeof scope === 'string') tokens.scopes = scope.split(/[ ,]+/).filter(Boolean);
  return { ok: true, value: tokens };
}

/** Why a token endpoint was called; `mint` is a client-credentials or JWT-bearer grant. */
export type TokenPurpose = 'exchange' | 'refresh' | 'mint';

/**
 * Vendor codes meaning a minting credential itself is no longer accepted: a rotated or expired
 * client secret, an unknown client, a key or user the app no longer trusts.
 */
const DEAD_MINTING_CREDENTIAL = new Set(['invalid_client', 'unauthorized_client', 'invalid_client_id', 'invalid_app_access']);

function tokenEndpointError(status: number, body: unknown, purpose: TokenPurpose | 'discovery' | 'revoke'): ActionError {
  const vendorCode = [readBodyPath(body, 'error'), readBodyPath(body, '0.errorCode')].find((value): value is string => typeof value === 'string');
  const description = [readBodyPath(body, 'error_description'), readBodyPath(body, 'message')].find((value): value is string => typeof value === 'string');
  let code: ErrorCode;
  const deadForMinting = purpose === 'mint' && vendorCode !== undefined && DEAD_MINTING_CREDENTIAL.has(vendorCode);
  if (vendorCode && (DEAD_GRANT.has(vendorCode) || deadForMinting))
    code = purpose === 'refresh' || purpose === 'mint' ? 'needs_reauth' : 'upstream_invalid_request';
  else if (status === 200) code = 'upstream_invalid_request';
  else code = codeForStatus(status).code;
  const said = [vendorCode, description].filter(Boolean).join(': ') || `HTTP ${status}`;
  return actionError(code, `token endpoint refused the ${purpose} (${said})`, { upstreamStatus: status, vendorCode });
}

async function send(deps: OAuthDeps, request: Parameters<HttpTransport>[0]): Promise<OAuthResult<UpstreamResponse>> {
  try {
    return { ok: true, value: await (deps.transport ?? createUndiciTransport())(request) };
  } catch (error) {
    return {
      ok: false,
      error: actionError('upstream_unavailable', `token endpoint unreachable (${(error as NodeJS.ErrnoException).code ?? (error as Error).name})`),
    };
  }
}

function encode(encoding: 'form' | 'json', params: Record<string, string>, headers: Record<string, string>): string {
  headers['content-type'] = encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
  return encoding === 'json' ? JSON.stringify(params) : new URLSearchParams(params).toString();
}

/**
 * JSON normally; form-encoded when the vendor answers that way (GitHub without Accept: JSON).
 * The content type decides; the definition's `responseFormat` covers answers without one.
 */
function parseBody(response: UpstreamResponse, declared: 'json' | 'form' = 'json'): unknown {
  const type = response.headers['content-type'];
  if (/x-www-form-urlencoded/i.test(type ?? '') || (!type && declared === 'form')) return Object.fromEntries(new URLSearchParams(response.body));
  try {
    return response.body ? (JSON.parse(response.body) as unknown) : undefined;
  } catch {
    return response.body;
  }
}

function basic(client: OAuthClient): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`;
}
