export { buildAuthorizationUrl, type AuthorizationRequest } from './authorization-url';
export { createPkcePair } from './pkce';
export { discoverConnectionParams, exchangeAuthorizationCode, refreshAccessToken, revokeToken, type OAuthClient, type OAuthDeps, type OAuthResult, type TokenSet } from './token-client';
