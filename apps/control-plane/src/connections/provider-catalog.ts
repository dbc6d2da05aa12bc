import { modeParamNames, type AuthMode, type ProviderDefinition } from '@causeway/connectors';
import type { ProviderAuthModeModel, ProviderModel } from './provider-catalog.models';

/** What connecting with a mode takes, as createConnection and startConnection implement it. */
function connectionNeeds(mode: AuthMode): Pick<ProviderAuthModeModel, 'connectWith' | 'credentialFields' | 'optionalCredentialFields' | 'needsOAuthApp'> {
  switch (mode.type) {
    case 'basic':
    case 'database_password':
      return { connectWith: 'credential_form', credentialFields: ['username', 'password'], optionalCredentialFields: [], needsOAuthApp: false };
    case 'bearer_token':
    case 'api_key':
      return { connectWith: 'credential_form', credentialFields: ['token'], optionalCredentialFields: [], needsOAuthApp: false };
    case 'oauth2_authorization_code':
    case 'oauth2_implicit':
      return { connectWith: 'oauth_consent', credentialFields: [], optionalCredentialFields: [], needsOAuthApp: true };
    // The token is minted from the connection's own credential: no consent, no OAuth app.
    case 'oauth2_client_credentials':
      return { connectWith: 'credential_form', credentialFields: ['clientId', 'clientSecret'], optionalCredentialFields: [], needsOAuthApp: false };
    case 'oauth2_jwt_bearer':
      return {
        connectWith: 'credential_form',
        // A Google service account is the JSON key file its console downloads, pasted whole.
        credentialFields: [
          ...(mode.assertion.issuer === 'service_account_email' ? ['serviceAccountKey'] : ['clientId', 'privateKey']),
          ...(mode.assertion.subject === 'none' ? [] : ['subject']),
        ],
        // Google's subject is a Workspace user to impersonate, with domain-wide delegation only.
        optionalCredentialFields: mode.assertion.subject === 'impersonated_user' ? ['subject'] : [],
        needsOAuthApp: false,
      };
    default:
      return { connectWith: 'unsupported', credentialFields: [], optionalCredentialFields: [], needsOAuthApp: false };
  }
}

/** A catalog provider as the console shows it; `withOAuthApp` says whether this tenant configured its OAuth app. */
export function toProviderModel(provider: ProviderDefinition, withOAuthApp: boolean): ProviderModel {
  return {
    id: provider.id,
    name: provider.name,
    description: provider.description,
    docsUrl: provider.docsUrl,
    actionCount: provider.actions.length + (provider.database?.actions.length ?? 0),
    authModes: provider.authModes.map((mode) => ({
      id: mode.id,
      label: mode.label,
      type: mode.type,
      docsUrl: mode.docsUrl,
      oauthAppConfigured: withOAuthApp,
      ...connectionNeeds(mode),
      params: modeParamNames(provider, mode),
    })),
    params: Object.entries(provider.connectionParams)
      .filter(([, param]) => param.source === 'admin')
      .map(([name, param]) => ({ name, description: param.description, example: param.example, pattern: param.pattern ?? null })),
    toolScopes: [...new Set([...provider.actions, ...(provider.database?.actions ?? [])].flatMap((action) => action.scopes ?? []))].sort(),
  };
}
