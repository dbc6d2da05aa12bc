import type { OAuth2AuthorizationCodeMode } from '../../definition/auth-modes';
import type { ProviderDefinition } from '../../definition/provider';

/** The provider id connections and OAuth apps use for a tenant's own OAuth 2.0 server. */
export const GENERIC_OAUTH2_PROVIDER_ID = 'generic_oauth2';

/**
 * Stands in for every URL the tenant's OAuth app supplies. `.invalid` never resolves
 * (RFC 2606), so a connection whose app lost its endpoints fails closed instead of calling
 * somewhere by accident.
 */
const UNSET = 'https://authorization-server.invalid';

const mode: OAuth2AuthorizationCodeMode = {
  id: 'oauth2',
  type: 'oauth2_authorization_code',
  label: 'OAuth 2.0 authorization code with PKCE (your own authorization server)',
  docsUrl: 'https://datatracker.ietf.org/doc/html/rfc6749#section-4.1',
  inject: { in: 'header', name: 'Authorization', scheme: 'Bearer' },
  authorizeUrl: `${UNSET}/authorize`,
  tokenUrl: `${UNSET}/token`,
  revokeUrl: `${UNSET}/revoke`,
  // RFC 7009 §2.1: form-encoded `token`, the client authenticated as at the token endpoint.
  revokeRequest: { method: 'POST', encoding: 'form', tokenParam: 'token', clientAuthentication: 'basic' },
  // OAuth 2.1 and RFC 9700 ask for PKCE on every code flow; S256 only.
  pkce: 'required',
  scopeSeparator: ' ',
  // client_secret_basic is the one method RFC 6749 §2.3.1 requires servers to support.
  tokenRequest: { encoding: 'form', clientAuthentication: 'basic' },
  tokenResponse: { accessTokenPath: 'access_token', refreshTokenPath: 'refresh_token', expiresInPath: 'expires_in', scopePath: 'scope', errorPath: 'error' },
  responseFormat: 'json',
  refreshTokenRotation: 'optional',
  notes:
    'Endpoints come from the tenant OAuth app (configureOAuthApp with an issuer to discover, or explicit authorize/token/revocation URLs). A refresh answer without a refresh token keeps the old one; one with a new token replaces it (rotation).',
};

/**
 * A tenant's own OAuth 2.0 authorization server and the API behind it: an internal service, a
 * SaaS tool Causeway has no connector for. It is an auth profile, not a connector: there are
 * no typed actions (Causeway cannot know the API's shape), so agents reach it only through the
 * raw proxy, where policy allows. Every URL is the tenant's: the authorization server's
 * endpoints live on the tenant's OAuth app, and the API base URL is copied onto each
 * connection as `apiBaseUrl`, whose host becomes the connection's one allowed egress host.
 */
export const genericOAuth2: ProviderDefinition = {
  id: GENERIC_OAUTH2_PROVIDER_ID,
  name: 'OAuth 2.0 (generic)',
  description: "Any OAuth 2.0 API through the tenant's own authorization server; raw proxy calls only, no typed tools.",
  docsUrl: 'https://datatracker.ietf.org/doc/html/rfc6749',
  servers: {
    default: {
      url: '{apiBaseUrl}',
      description: "The API base URL configured on the tenant's OAuth app.",
      source: 'https://datatracker.ietf.org/doc/html/rfc6749#section-7',
    },
  },
  connectionParams: {
    apiBaseUrl: {
      description: "Base URL proxied calls go to, from the tenant's OAuth app (default: the issuer).",
      example: 'https://api.example.com',
      source: 'admin',
      selfHosted: true,
    },
  },
  // Nothing is declared: a generic connection may call only the host of its own apiBaseUrl.
  hosts: ['generic-oauth2.invalid'],
  authModes: [mode],
  pagination: {
    style: 'none',
    notes: "Unknown: the tenant API's own convention, passed through the proxy untouched.",
    source: 'https://datatracker.ietf.org/doc/html/rfc6749',
  },
  rateLimitSignals: {
    source: 'https://www.rfc-editor.org/rfc/rfc9110#name-retry-after',
    retryAfterHeader: 'retry-after',
    partitioning: 'Unknown: whatever the tenant API enforces; Retry-After is honoured when sent.',
  },
  declaredLimits: [],
  noPublishedLimit: {
    statement: 'The tenant API sets its own limits; only its Retry-After answers are known.',
    source: 'https://www.rfc-editor.org/rfc/rfc9110#name-retry-after',
  },
  errors: {
    source: 'https://datatracker.ietf.org/doc/html/rfc6749#section-5.2',
    envelope: { codePaths: ['error', 'code'], messagePaths: ['error_description', 'message', 'error'], fieldPaths: [] },
    rules: [],
  },
  actions: [],
  sourceFile: 'libs/connectors/src/catalog/generic-oauth2/generic-oauth2.definition.ts',
};
