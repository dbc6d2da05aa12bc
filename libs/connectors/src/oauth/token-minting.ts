import type { OAuth2ClientCredentialsMode, OAuth2JwtBearerMode } from '../definition/auth-modes';
import { actionError } from '../engine/action-error';
import { buildJwtAssertion } from './jwt-assertion';
import { postTokenRequest, type OAuthDeps, type OAuthResult, type TokenSet } from './token-client';

/** The modes whose access token is minted from a stored credential, with no user and no refresh token. */
export type MintingMode = OAuth2ClientCredentialsMode | OAuth2JwtBearerMode;

/** What a minting connection keeps in the secret store to mint again. */
export interface MintingCredential {
  /** Client id (client credentials), consumer key (Salesforce) or service account email (Google). */
  clientId: string;
  clientSecret?: string;
  privateKey?: string;
  keyId?: string;
  subject?: string;
  scopes?: string[];
}

export function isMintingMode(mode: { type: string }): mode is MintingMode {
  return mode.type === 'oauth2_client_credentials' || mode.type === 'oauth2_jwt_bearer';
}

const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Mints an access token: the client-credentials grant (RFC 6749 §4.4) with the client's id and
 * secret, or the JWT-bearer grant (RFC 7523 §2.1) with a freshly signed assertion. `tokenUrl`
 * is the filled, host-checked endpoint the connection stored. There is no refresh token: the
 * caller mints again when the token expires or is rejected.
 */
export async function mintAccessToken(
  mode: MintingMode,
  credential: MintingCredential,
  tokenUrl: string,
  deps: OAuthDeps = {},
): Promise<OAuthResult<TokenSet>> {
  const endpoint = { label: mode.label, url: tokenUrl, responseFormat: mode.responseFormat };
  if (mode.type === 'oauth2_client_credentials') {
    if (!credential.clientSecret) return { ok: false, error: actionError('invalid_input', `${mode.label} needs a client secret`, { field: 'clientSecret' }) };
    const scopes = credential.scopes && credential.scopes.length > 0 ? credential.scopes : (mode.defaultScopes ?? []);
    const params: Record<string, string> = { grant_type: 'client_credentials' };
    if (scopes.length > 0) params['scope'] = scopes.join(' ');
    return postTokenRequest(
      { ...endpoint, tokenRequest: mode.tokenRequest },
      { clientId: credential.clientId, clientSecret: credential.clientSecret },
      params,
      mode.tokenResponse,
      'mint',
      undefined,
      deps,
    );
  }
  if (!credential.privateKey) return { ok: false, error: actionError('invalid_input', `${mode.label} needs a private key`, { field: 'privateKey' }) };
  const signed = await buildJwtAssertion(
    mode,
    { issuer: credential.clientId, subject: credential.subject, scopes: credential.scopes, privateKey: credential.privateKey, keyId: credential.keyId },
    (deps.now ?? Date.now)(),
  );
  if (!signed.ok) return { ok: false, error: actionError('invalid_input', signed.message, { field: signed.field }) };
  return postTokenRequest(endpoint, null, { grant_type: JWT_BEARER_GRANT, assertion: signed.assertion }, mode.tokenResponse, 'mint', undefined, deps);
}
