import type { EgressGuard } from '@causeway/egress';
import type { ClientAuthMethod } from './discovery';
import { OidcError, OidcErrorCode } from './oidc.errors';
import { callProvider } from './provider-http';

export interface CodeExchange {
  tokenEndpoint: string;
  clientAuthMethod: ClientAuthMethod;
  clientId: string;
  clientSecret: string;
  code: string;
  redirectUri: string;
  codeVerifier: string;
}

/** RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and Base64-encoded. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

/**
 * Redeems an authorization code (RFC 6749 §4.1.3 with the PKCE verifier of RFC 7636 §4.5) and
 * returns the ID token. Provider errors are reported by their OAuth error code only: the
 * description is free text we do not control.
 */
export async function exchangeCode(egress: EgressGuard, exchange: CodeExchange, timeoutMs: number): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: exchange.code,
    redirect_uri: exchange.redirectUri,
    code_verifier: exchange.codeVerifier,
  });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (exchange.clientAuthMethod === 'client_secret_basic') {
    headers.authorization = basicAuthorization(exchange.clientId, exchange.clientSecret);
  } else {
    form.set('client_id', exchange.clientId);
    form.set('client_secret', exchange.clientSecret);
  }
  const { status, json } = await callProvider(egress, 'token endpoint', exchange.tokenEndpoint, { method: 'POST', headers, body: form.toString() }, timeoutMs);
  const body = (json ?? {}) as Record<string, unknown>;
  if (status >= 400 && status < 500) throw refused(typeof body.error === 'string' ? body.error : `HTTP ${status}`);
  if (status !== 200) throw new OidcError(OidcErrorCode.ProviderBadResponse, `identity provider's token endpoint answered HTTP ${status}`);
  if (typeof body.id_token !== 'string' || body.id_token.length === 0) {
    throw new OidcError(OidcErrorCode.ProviderBadResponse, 'token response carried no id_token (is the openid scope allowed for this client?)');
  }
  return body.id_token;
}

function refused(errorCode: string): OidcError {
  const code = /^[\x20-\x7e]{1,64}$/.test(errorCode) ? errorCode : 'unknown error';
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return new OidcError(
      OidcErrorCode.Misconfigured,
      `identity provider refused the tenant's client credentials (${code}); an admin should check the client id and secret`,
    );
  }
  return new OidcError(OidcErrorCode.ProviderRefused, `identity provider refused the authorization code (${code}); start the sign-in again`);
}
