export { buildAuthorizationUrl, type AuthorizationRequest } from './authorization-url';
export { createPkcePair } from './pkce';
export {
  discoverConnectionParams,
  exchangeAuthorizationCode,
  refreshAccessToken,
  revokeToken,
  type OAuthClient,
  type OAuthDeps,
  type OAuthResult,
  type RevocableMode,
  type TokenSet,
} from './token-client';
export { identitySignatureValid } from './identity-signature';
export { revokeGrant } from './revoke-grant';
export { discoverAuthorizationServer, type AuthorizationServerEndpoints } from './server-metadata';
export { buildJwtAssertion, type AssertionSubject } from './jwt-assertion';
export { isMintingMode, mintAccessToken, type MintingCredential, type MintingMode } from './token-minting';
export {
  checkModeParams,
  MAX_CONNECTION_PARAM_LENGTH,
  modeParamNames,
  redirectParams,
  resolveTenantEndpoint,
  type ParamProblem,
  type ParamResult,
} from './tenant-endpoints';
