import defaultConfigJson from './default-config.json';
import type { OAuthServerConfig, OAuthServerOptions } from './types';

/** The server's built-in defaults: the same file the server process reads (config.mjs). */
// The JSON's inferred types are wider (string rather than the grant-type union); the file is
// the contract both sides share, so it is asserted rather than declared twice.
export const DEFAULT_OAUTH_SERVER_CONFIG = defaultConfigJson as OAuthServerConfig;

/** Ids of the two default clients, for tests that name them. */
export const DEFAULT_AUTH_CODE_CLIENT_ID = 'test-auth-code-client';
export const DEFAULT_SERVICE_CLIENT_ID = 'test-service-client';

/** Merges options over the defaults exactly as the server does (see config.mjs). */
export function resolveOAuthServerConfig(options: OAuthServerOptions = {}): OAuthServerConfig {
  // Harness-only options stay out of the JSON the server reads.
  const { ttl, startupTimeoutMs: _timeout, echoStderr: _echo, ...rest } = options;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return {
    ...DEFAULT_OAUTH_SERVER_CONFIG,
    ...defined,
    ttl: { ...DEFAULT_OAUTH_SERVER_CONFIG.ttl, ...ttl },
  };
}
