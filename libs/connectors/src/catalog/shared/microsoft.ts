import type { AuthMode } from '../../definition/auth-modes';
import type { ErrorMapping } from '../../definition/error-mapping';
import type { ProviderDefinition } from '../../definition/provider';
import { BEARER_HEADER, RFC6749_TOKEN_RESPONSE } from './auth-pieces';

/**
 * The Microsoft identity platform (Entra ID) and Microsoft Graph, shared by SharePoint and
 * Microsoft Teams: delegated OAuth 2.0 code flow with PKCE or app-only client credentials,
 * both against the tenant's own authority `login.microsoftonline.com/{tenant}`.
 */
export const microsoftTenantParam: ProviderDefinition['connectionParams'][string] = {
  description: 'Entra ID tenant: its GUID, a verified domain (contoso.onmicrosoft.com), or `organizations` for any work account.',
  example: 'contoso.onmicrosoft.com',
  source: 'admin',
  pattern: '[A-Za-z0-9][A-Za-z0-9.-]*',
};

export function microsoftAuthModes(delegatedScopesNote: string): AuthMode[] {
  return [
    {
      id: 'oauth2',
      type: 'oauth2_authorization_code',
      label: 'Microsoft Entra ID (delegated, code flow with PKCE)',
      docsUrl: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow',
      inject: BEARER_HEADER,
      authorizeUrl: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize',
      tokenUrl: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
      pkce: 'supported',
      scopeSeparator: ' ',
      tokenRequest: { encoding: 'form', clientAuthentication: 'body' },
      tokenResponse: RFC6749_TOKEN_RESPONSE,
      responseFormat: 'json',
      refreshTokenRotation: 'optional',
      notes: `${delegatedScopesNote} Ask for offline_access to get a refresh token; each refresh answer carries a new refresh token, which should replace the old one.`,
    },
    {
      id: 'client_credentials',
      type: 'oauth2_client_credentials',
      label: 'Microsoft Entra ID app-only (client credentials)',
      docsUrl: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow',
      inject: BEARER_HEADER,
      tokenUrl: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
      tokenRequest: { encoding: 'form', clientAuthentication: 'body' },
      tokenResponse: { accessTokenPath: 'access_token', expiresInPath: 'expires_in', errorPath: 'error' },
      responseFormat: 'json',
      defaultScopes: ['https://graph.microsoft.com/.default'],
      notes: 'Application permissions granted by a tenant admin; the tenant must be a GUID or domain, not `common`.',
    },
  ];
}

export const MICROSOFT_HOSTS = ['graph.microsoft.com', 'login.microsoftonline.com'];

export const GRAPH_SERVER = {
  url: 'https://graph.microsoft.com/v1.0',
  description: 'Microsoft Graph v1.0.',
  source: 'https://learn.microsoft.com/en-us/graph/use-the-api',
};

export const GRAPH_PAGINATION: ProviderDefinition['pagination'] = {
  style: 'next_url',
  notes: '`$top` in; follow `@odata.nextLink` verbatim (it carries `$skiptoken`) until it is absent.',
  source: 'https://learn.microsoft.com/en-us/graph/paging',
};

export const graphErrors: ErrorMapping = {
  source: 'https://learn.microsoft.com/en-us/graph/errors',
  envelope: { codePaths: ['error.code'], messagePaths: ['error.message'], fieldPaths: [] },
  rules: [
    {
      when: { status: [401], vendorCodes: ['InvalidAuthenticationToken'] },
      code: 'needs_reauth',
      authExpired: true,
      because: 'the access token expired (about an hour) or is malformed',
    },
    { when: { vendorCodes: ['activityLimitReached', 'TooManyRequests'] }, code: 'upstream_rate_limited', because: 'Graph throttling: 429 with Retry-After' },
    {
      when: { vendorCodes: ['accessDenied', 'Authorization_RequestDenied', 'Forbidden'] },
      code: 'upstream_forbidden',
      because: 'the app or user lacks the permission',
    },
    { when: { vendorCodes: ['itemNotFound', 'ResourceNotFound', 'NotFound'] }, code: 'upstream_not_found', because: 'no such item, or not visible' },
    { when: { vendorCodes: ['nameAlreadyExists', 'resourceModified'] }, code: 'upstream_conflict', because: 'a name clash or a stale eTag' },
  ],
};
