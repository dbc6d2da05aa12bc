import type { AuthMode, ProviderDefinition } from '@causeway/connectors';
import type { ProviderAuthModeModel, ProviderModel } from './provider-catalog.models';

/** What connecting with a mode takes, as createConnection and startConnection implement it. */
function connectionNeeds(mode: AuthMode): Pick<ProviderAuthModeModel, 'connectWith' | 'credentialFields' | 'needsOAuthApp'> {
  switch (mode.type) {
    case 'basic':
    case 'database_password':
      return { connectWith: 'credential_form', credentialFields: ['username', 'password'], needsOAuthApp: false };
    case 'bearer_token':
    case 'api_key':
      return { connectWith: 'credential_form', credentialFields: ['token'], needsOAuthApp: false };
    case 'oauth2_authorization_code':
    case 'oauth2_implicit':
      return { connectWith: 'oauth_consent', credentialFields: [], needsOAuthApp: true };
    default:
      return { connectWith: 'unsupported', credentialFields: [], needsOAuthApp: false };
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
    })),
    params: Object.entries(provider.connectionParams)
      .filter(([, param]) => param.source === 'admin')
      .map(([name, param]) => ({ name, description: param.description, example: param.example })),
    toolScopes: [...new Set([...provider.actions, ...(provider.database?.actions ?? [])].flatMap((action) => action.scopes ?? []))].sort(),
  };
}
