// Builds the oidc-provider instance from the resolved test configuration.
// Configuration reference: https://github.com/panva/node-oidc-provider/blob/main/docs/README.md
import { randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';

import { autoLogin } from './auto-login.mjs';

// Our own per-client settings; oidc-provider rejects client metadata it does not recognise.
const HARNESS_ONLY_CLIENT_KEYS = ['require_pkce'];

export function createProvider(issuer, config, signingKey) {
  const pkceClients = new Set(config.clients.filter((c) => c.require_pkce).map((c) => c.client_id));

  const provider = new Provider(issuer, {
    clients: config.clients.map(toClientMetadata),
    scopes: config.scopes,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    // The ID token carries the scope-derived claims (email, name) too, so per-tenant sign-in
    // tests can read them without a userinfo call. Real IdPs differ here; this is the lenient one.
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => findAccount(config.accounts, sub),
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
    },
    // Custom authorization request parameters read by auto-login.mjs.
    extraParams: ['test_account', 'test_deny'],
    pkce: {
      // RFC 7636. oidc-provider only accepts S256, so "required" means S256 is required.
      required: (_ctx, client) => pkceClients.has(client.clientId) || client.clientAuthMethod === 'none',
    },
    ttl: config.ttl,
    rotateRefreshToken: config.rotateRefreshToken,
    issueRefreshToken: async (_ctx, client, source) =>
      client.grantTypeAllowed('refresh_token') && (config.refreshTokens === 'always' || source.scopes.has('offline_access')),
    // Tokens outlive the browser session: tests drop the cookie jar after each authorization,
    // and a refresh must not depend on a session nobody holds any more.
    expiresWithSession: async () => false,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
  });

  provider.use(autoLogin(provider, config));

  // Unexpected failures answer 500 with no detail; the harness keeps our stderr for diagnostics.
  provider.on('server_error', (_ctx, err) => console.error('oauth-server server_error', err));

  return provider;
}

function toClientMetadata(client) {
  const metadata = { ...client };
  for (const key of HARNESS_ONLY_CLIENT_KEYS) delete metadata[key];
  return metadata;
}

async function findAccount(accounts, sub) {
  const configured = accounts[sub] ?? {};
  const email = sub.includes('@') ? sub : `${sub}@example.test`;
  return {
    accountId: sub,
    async claims() {
      return {
        email,
        email_verified: true,
        name: `Test ${sub}`,
        preferred_username: sub,
        ...configured,
        sub,
      };
    },
  };
}
