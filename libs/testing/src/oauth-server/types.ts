/** Grant types the test server is configured to support (RFC 6749 §4, §6). */
export type OAuthGrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

/** How a client authenticates at the token, revocation and introspection endpoints (RFC 6749 §2.3). */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** A registered client: OAuth/OIDC client metadata (RFC 7591 names) plus `require_pkce`. */
export interface OAuthTestClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  grant_types: OAuthGrantType[];
  response_types: 'code'[];
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  /** Space-separated allow-list of scopes; omit to allow every configured scope. */
  scope?: string;
  /** Harness-only: authorization requests must carry an S256 code_challenge (RFC 7636). */
  require_pkce?: boolean;
}

/** Lifetimes in whole seconds, per oidc-provider artifact. */
export interface OAuthServerTtls {
  AccessToken: number;
  ClientCredentials: number;
  RefreshToken: number;
  AuthorizationCode: number;
  IdToken: number;
  Interaction: number;
  Session: number;
  /** A refresh stops working once its grant expires, whatever the refresh token's own TTL. */
  Grant: number;
}

/** What the server process reads (as JSON in OAUTH_SERVER_CONFIG); defaults in default-config.json. */
export interface OAuthServerConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Origin only (no path). Defaults to http://<host>:<port>. */
  issuer: string | null;
  clients: OAuthTestClient[];
  ttl: OAuthServerTtls;
  /** Every refresh returns a new refresh token and consumes the old one. */
  rotateRefreshToken: boolean;
  /**
   * 'always': every authorization code / refresh exchange for a client allowed the refresh_token
   * grant returns a refresh token. 'offline_access': only when that scope was granted (OIDC Core §11).
   */
  refreshTokens: 'always' | 'offline_access';
  /** Account signed in automatically when the request has no `test_account`; null shows the login form. */
  autoLoginAccountId: string | null;
  /** Extra claims per account id, merged over the derived ones (email, name, preferred_username). */
  accounts: Record<string, Record<string, unknown>>;
  /** Scopes the server knows; requested scopes outside this list are dropped from tokens. */
  scopes: string[];
}

/** Options for startOAuthServer: any config key, with TTLs given individually. */
export interface OAuthServerOptions extends Partial<Omit<OAuthServerConfig, 'ttl'>> {
  ttl?: Partial<OAuthServerTtls>;
  /** How long to wait for OAUTH_SERVER_READY (default 15 000 ms). */
  startupTimeoutMs?: number;
  /** Copy the server's stderr to this process's stderr (also: OAUTH_SERVER_DEBUG=1). */
  echoStderr?: boolean;
}

/** Successful token endpoint response (RFC 6749 §5.1; id_token from OIDC Core §3.1.3.3). */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
}

/** Error response (RFC 6749 §5.2). */
export interface OAuthErrorResponse {
  error: string;
  error_description?: string;
}

/** Introspection response (RFC 7662 §2.2); only `active` is guaranteed. */
export interface IntrospectionResponse {
  active: boolean;
  client_id?: string;
  scope?: string;
  sub?: string;
  exp?: number;
  iat?: number;
  token_type?: string;
  [claim: string]: unknown;
}

/** An HTTP exchange with an OAuth endpoint, kept whole so tests can assert on failures. */
export type OAuthResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; body: OAuthErrorResponse };

/** The parts of the discovery document the harness uses (RFC 8414 / OIDC Discovery). */
export interface DiscoveryDocument {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint: string;
  introspection_endpoint: string;
  userinfo_endpoint: string;
  jwks_uri: string;
  [field: string]: unknown;
}

export interface AuthorizeOptions {
  /** Defaults to the first client allowed the authorization_code grant. */
  clientId?: string;
  /** Defaults to the client's first redirect URI. */
  redirectUri?: string;
  /**
   * Defaults to 'openid offline_access'. With offline_access, prompt=consent is sent too (OIDC
   * Core §11), unless extraParams sets prompt.
   */
  scope?: string;
  /** Signed-in account (sent as `test_account`); defaults to the server's autoLoginAccountId. */
  accountId?: string;
  /** Defaults to a random value; checked against the callback. */
  state?: string;
  /** Supply to reuse a verifier; one is generated otherwise. */
  codeVerifier?: string;
  /** Set false to send no code_challenge at all (to test that PKCE is enforced). */
  pkce?: boolean;
  /** Ask the test server to deny the request (`test_deny`), yielding access_denied. */
  deny?: boolean;
  /** Any further authorization request parameters (prompt, nonce, login_hint, ...). */
  extraParams?: Record<string, string>;
}

export interface AuthorizationResult {
  code: string;
  state: string;
  /** Undefined when the request was made with `pkce: false`. */
  codeVerifier: string | undefined;
  clientId: string;
  redirectUri: string;
  /** The full redirect the server sent the browser to (code, state, iss). */
  callbackUrl: URL;
}

export interface AuthorizationWithTokens extends AuthorizationResult {
  tokens: TokenResponse;
}

/** A client's credentials for the token, revocation and introspection endpoints. */
export interface ClientCredentials {
  clientId: string;
  clientSecret?: string;
  method?: TokenEndpointAuthMethod;
}
