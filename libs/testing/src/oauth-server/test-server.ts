import { authorize } from './authorize';
import { OAuthFlowError } from './errors';
import { postForm } from './oauth-http';
import type { ServerProcess } from './server-process';
import type {
  AuthorizationResult,
  AuthorizationWithTokens,
  AuthorizeOptions,
  ClientCredentials,
  DiscoveryDocument,
  IntrospectionResponse,
  OAuthResult,
  OAuthServerConfig,
  OAuthTestClient,
  TokenResponse,
} from './types';

/** A running test server and typed helpers for each of its endpoints. */
export interface OAuthTestServer {
  readonly issuer: string;
  /** Base URL of the server (the issuer). */
  readonly url: string;
  readonly config: OAuthServerConfig;
  readonly clients: readonly OAuthTestClient[];
  readonly discovery: DiscoveryDocument;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly revocationEndpoint: string;
  readonly introspectionEndpoint: string;
  readonly userinfoEndpoint: string;
  readonly jwksUri: string;

  /** Credentials of a configured client (default: the first authorization-code client). */
  credentials(clientId?: string): ClientCredentials;
  /** Runs the browser side of the authorization code + PKCE flow and returns the code. */
  authorize(options?: AuthorizeOptions): Promise<AuthorizationResult>;
  /** authorize() and then the code exchange; throws OAuthFlowError if either fails. */
  authorizeWithPkce(options?: AuthorizeOptions): Promise<AuthorizationWithTokens>;
  /** Any token request (RFC 6749 §3.2), authenticated as `client` (default: auth-code client). */
  tokenRequest(params: Record<string, string | undefined>, client?: ClientCredentials): Promise<OAuthResult<TokenResponse>>;
  /** Redeems an authorization code with its verifier (RFC 6749 §4.1.3, RFC 7636 §4.5). */
  exchangeCode(authorization: AuthorizationResult, overrides?: { codeVerifier?: string; client?: ClientCredentials }): Promise<OAuthResult<TokenResponse>>;
  /** refresh_token grant (RFC 6749 §6). */
  refresh(refreshToken: string, client?: ClientCredentials): Promise<OAuthResult<TokenResponse>>;
  /** client_credentials grant (RFC 6749 §4.4), default client: the first one allowed it. */
  clientCredentialsGrant(options?: { scope?: string; client?: ClientCredentials }): Promise<OAuthResult<TokenResponse>>;
  /** RFC 7662. */
  introspect(token: string, client?: ClientCredentials, tokenTypeHint?: string): Promise<OAuthResult<IntrospectionResponse>>;
  /** RFC 7009. A 200 also for tokens the server does not know. */
  revoke(token: string, client?: ClientCredentials, tokenTypeHint?: string): Promise<OAuthResult<Record<string, never>>>;
  /** Server stderr so far (oidc-provider warnings, server_error details). */
  stderr(): string;
  /** Stops the server process (SIGTERM). */
  stop(): Promise<void>;
}

/** Binds the helpers to a started server process and its discovery document. */
export function createTestServer(config: OAuthServerConfig, child: ServerProcess, discovery: DiscoveryDocument): OAuthTestServer {
  const clientById = new Map(config.clients.map((client) => [client.client_id, client]));
  const authCodeClient = config.clients.find((client) => client.grant_types.includes('authorization_code'));
  const serviceClient = config.clients.find((client) => client.grant_types.includes('client_credentials'));

  const credentials = (clientId?: string): ClientCredentials => {
    const client = clientId === undefined ? authCodeClient : clientById.get(clientId);
    if (!client) throw new Error(clientId ? `no client ${clientId} is configured` : 'no authorization_code client is configured');
    return {
      clientId: client.client_id,
      clientSecret: client.client_secret,
      method: client.token_endpoint_auth_method,
    };
  };
  const tokenRequest = (params: Record<string, string | undefined>, client = credentials()) =>
    postForm<TokenResponse>(discovery.token_endpoint, params, client);

  const server: OAuthTestServer = {
    issuer: discovery.issuer,
    url: child.url,
    config,
    clients: config.clients,
    discovery,
    authorizationEndpoint: discovery.authorization_endpoint,
    tokenEndpoint: discovery.token_endpoint,
    revocationEndpoint: discovery.revocation_endpoint,
    introspectionEndpoint: discovery.introspection_endpoint,
    userinfoEndpoint: discovery.userinfo_endpoint,
    jwksUri: discovery.jwks_uri,
    credentials,

    async authorize(options = {}) {
      const clientId = options.clientId ?? credentials().clientId;
      const redirectUri = options.redirectUri ?? clientById.get(clientId)?.redirect_uris[0];
      if (!redirectUri) throw new Error(`client ${clientId} has no redirect URI; pass redirectUri`);
      return authorize(
        {
          issuer: discovery.issuer,
          authorizationEndpoint: discovery.authorization_endpoint,
          clientId,
          redirectUri,
        },
        options,
      );
    },

    async authorizeWithPkce(options = {}) {
      const authorization = await server.authorize(options);
      const result = await server.exchangeCode(authorization);
      if (!result.ok) throw new OAuthFlowError('authorization code exchange failed', result.body, result.status);
      return { ...authorization, tokens: result.body };
    },

    tokenRequest,

    async exchangeCode(authorization, overrides = {}) {
      return tokenRequest(
        {
          grant_type: 'authorization_code',
          code: authorization.code,
          redirect_uri: authorization.redirectUri,
          code_verifier: overrides.codeVerifier ?? authorization.codeVerifier,
        },
        overrides.client ?? credentials(authorization.clientId),
      );
    },

    async refresh(refreshToken, client) {
      return tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, client);
    },

    async clientCredentialsGrant(options = {}) {
      if (!options.client && !serviceClient) throw new Error('no client_credentials client is configured');
      return tokenRequest({ grant_type: 'client_credentials', scope: options.scope }, options.client ?? credentials(serviceClient?.client_id));
    },

    async introspect(token, client = credentials(), tokenTypeHint) {
      return postForm<IntrospectionResponse>(discovery.introspection_endpoint, { token, token_type_hint: tokenTypeHint }, client);
    },

    async revoke(token, client = credentials(), tokenTypeHint) {
      return postForm<Record<string, never>>(discovery.revocation_endpoint, { token, token_type_hint: tokenTypeHint }, client);
    },

    stderr: () => child.stderr(),
    stop: () => child.stop(),
  };
  return server;
}
