import { catalog, type AuthMode, type OAuth2AuthorizationCodeMode, type OAuth2ImplicitMode, type ProviderDefinition } from '@causeway/connectors';
import { ConnectionsError, ConnectionsErrorCode } from './connections.errors';

export type OAuthCodeMode = OAuth2AuthorizationCodeMode;

export function providerOf(id: string): ProviderDefinition {
  const provider = catalog.provider(id);
  if (!provider) {
    const known = catalog.providers.map((p) => p.id).join(', ');
    throw new ConnectionsError(ConnectionsErrorCode.UnknownProvider, `unknown provider "${id}"; known: ${known}`, 'provider');
  }
  return provider;
}

export function authModeOf(provider: ProviderDefinition, id: string | null | undefined): AuthMode {
  const mode = id ? provider.authModes.find((m) => m.id === id) : provider.authModes[0];
  if (!mode) {
    const known = provider.authModes.map((m) => m.id).join(', ');
    throw new ConnectionsError(ConnectionsErrorCode.UnknownAuthMode, `${provider.id} has no auth mode "${id}"; it has ${known}`, 'authMode');
  }
  return mode;
}

export function oauthCodeModeOf(provider: ProviderDefinition, id: string | null | undefined): OAuthCodeMode {
  const candidates = provider.authModes.filter((m): m is OAuthCodeMode => m.type === 'oauth2_authorization_code');
  const mode = id ? candidates.find((m) => m.id === id) : candidates[0];
  if (!mode)
    throw new ConnectionsError(ConnectionsErrorCode.UnknownAuthMode, `${provider.id} has no OAuth authorization-code mode${id ? ` "${id}"` : ''}`, 'authMode');
  return mode;
}

/**
 * An auth mode that starts with the user's consent in a browser: the authorization-code grant,
 * or the implicit grant for vendors that offer nothing else (Contentful OAuth apps).
 */
export function consentModeOf(provider: ProviderDefinition, id: string | null | undefined): OAuthCodeMode | OAuth2ImplicitMode {
  const candidates = provider.authModes.filter(
    (m): m is OAuthCodeMode | OAuth2ImplicitMode => m.type === 'oauth2_authorization_code' || m.type === 'oauth2_implicit',
  );
  const mode = id ? candidates.find((m) => m.id === id) : candidates[0];
  if (!mode)
    throw new ConnectionsError(
      ConnectionsErrorCode.UnknownAuthMode,
      `${provider.id} has no OAuth mode${id ? ` "${id}"` : ''}; use createConnection with a token`,
      'authMode',
    );
  return mode;
}

/**
 * A cheap read per provider that proves a credential works. Providers whose every read needs
 * a resource name (a GitHub repo, a Contentful space) take the action and input from the admin.
 */
export const IDENTITY_CHECKS: Record<string, { action: string; input: Record<string, unknown> }> = {
  slack: { action: 'slack.list_channels', input: { limit: 1 } },
  // Jira refuses unbounded JQL: the query needs a restriction.
  jira: { action: 'jira.search_issues', input: { jql: 'assignee = currentUser() order by created DESC' } },
  salesforce: { action: 'salesforce.query', input: { soql: 'SELECT Id FROM Organization LIMIT 1' } },
};
