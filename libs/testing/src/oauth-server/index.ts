import { resolveOAuthServerConfig } from './resolve-config';
import { spawnServer } from './server-process';
import { createTestServer, type OAuthTestServer } from './test-server';
import type { DiscoveryDocument, OAuthServerOptions } from './types';

export * from './types';
export { followAuthorizationUrl } from './authorize';
export { OAuthFlowError } from './errors';
export { codeChallengeS256, createCodeVerifier } from './pkce';
export { DEFAULT_AUTH_CODE_CLIENT_ID, DEFAULT_OAUTH_SERVER_CONFIG, DEFAULT_SERVICE_CLIENT_ID, resolveOAuthServerConfig } from './resolve-config';
export type { OAuthTestServer } from './test-server';

/**
 * Starts the OAuth/OIDC test server in a child process and resolves once it serves discovery.
 * Call stop() in afterAll.
 */
export async function startOAuthServer(options: OAuthServerOptions = {}): Promise<OAuthTestServer> {
  const config = resolveOAuthServerConfig(options);
  const child = await spawnServer(config, {
    startupTimeoutMs: options.startupTimeoutMs ?? 15_000,
    echoStderr: options.echoStderr ?? process.env.OAUTH_SERVER_DEBUG === '1',
  });
  try {
    const discovery = await fetchDiscovery(child.url);
    return createTestServer(config, child, discovery);
  } catch (err) {
    await child.stop();
    throw err;
  }
}

async function fetchDiscovery(url: string): Promise<DiscoveryDocument> {
  const response = await fetch(`${url}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`OAuth test server discovery answered HTTP ${response.status}`);
  return (await response.json()) as DiscoveryDocument;
}
