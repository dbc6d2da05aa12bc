import { z } from 'zod';
import { firstIssue } from '@causeway/platform';
import { OidcError, OidcErrorCode } from './oidc.errors';
import { providerUrlProblem, sameIssuer } from './provider-url';

/** How the control plane authenticates at the token endpoint (RFC 6749 §2.3.1). */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

/** The parts of an OpenID Provider's metadata sign-in needs (OIDC Discovery 1.0 §3). */
export interface ProviderMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  clientAuthMethod: ClientAuthMethod;
}

const documentSchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string(),
  response_types_supported: z.array(z.string()).optional(),
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});

/**
 * OIDC Discovery §4: the issuer's path plus `/.well-known/openid-configuration`. Built on the
 * parsed URL, so a query or fragment the issuer carries cannot push the well-known path into
 * the query string and leave the issuer's own path as the one requested.
 */
export function discoveryUrl(issuer: string): string {
  const url = new URL(issuer);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  url.search = '';
  url.hash = '';
  return url.href;
}

/**
 * Checks a discovery document against the issuer it was fetched for and turns it into what
 * sign-in uses. Every endpoint obeys the same URL rule as the issuer, so a document cannot
 * send client secrets or codes over plain http.
 */
export function parseDiscovery(issuer: string, body: unknown): ProviderMetadata {
  const parsed = documentSchema.safeParse(body);
  if (!parsed.success) {
    const { path, message } = firstIssue(parsed.error);
    throw bad(`discovery document is not valid OIDC metadata: ${path || 'body'}: ${message}`);
  }
  const doc = parsed.data;
  // OIDC Discovery §4.3: a document naming another issuer must not be used (mix-up attacks).
  if (!sameIssuer(doc.issuer, issuer)) throw bad(`discovery document names issuer ${JSON.stringify(doc.issuer.slice(0, 200))}, not the one configured`);
  for (const [name, url] of [
    ['authorization_endpoint', doc.authorization_endpoint],
    ['token_endpoint', doc.token_endpoint],
    ['jwks_uri', doc.jwks_uri],
  ] as const) {
    const problem = providerUrlProblem(url);
    if (problem) throw bad(`discovery document's ${name} ${problem}`);
  }
  if (doc.response_types_supported && !doc.response_types_supported.includes('code')) {
    throw bad('provider does not support the authorization code flow (response_type=code)');
  }
  // Absent means "unspecified"; many providers support PKCE without advertising it.
  if (doc.code_challenge_methods_supported && !doc.code_challenge_methods_supported.includes('S256')) {
    throw bad('provider does not support PKCE with S256');
  }
  return {
    issuer: doc.issuer,
    authorizationEndpoint: doc.authorization_endpoint,
    tokenEndpoint: doc.token_endpoint,
    jwksUri: doc.jwks_uri,
    clientAuthMethod: clientAuthMethod(doc.token_endpoint_auth_methods_supported),
  };
}

/**
 * client_secret_basic is the default of RFC 8414 §2 when the provider lists nothing, and the
 * method every certified provider supports; client_secret_post only when basic is not offered.
 */
function clientAuthMethod(supported: string[] | undefined): ClientAuthMethod {
  if (!supported || supported.includes('client_secret_basic')) return 'client_secret_basic';
  if (supported.includes('client_secret_post')) return 'client_secret_post';
  throw bad('provider supports neither client_secret_basic nor client_secret_post at its token endpoint');
}

const bad = (message: string) => new OidcError(OidcErrorCode.ProviderBadResponse, message);
