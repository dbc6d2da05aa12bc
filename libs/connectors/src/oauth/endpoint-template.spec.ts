import { catalog } from '../catalog';
import type { OAuth2AuthorizationCodeMode } from '../definition/auth-modes';
import type { UpstreamRequest } from '../engine/types';
import { buildAuthorizationUrl } from './authorization-url';
import { resolveEndpoint } from './endpoint-template';
import { exchangeAuthorizationCode } from './token-client';

function codeMode(provider: string): OAuth2AuthorizationCodeMode {
  const mode = catalog.provider(provider)?.authModes.find((candidate) => candidate.type === 'oauth2_authorization_code');
  if (mode?.type !== 'oauth2_authorization_code') throw new Error(`${provider} has no code mode`);
  return mode;
}

const authorization = { clientId: 'client-1', redirectUri: 'https://causeway.example/oauth/callback', scopes: ['read'], state: 'state-1' };

describe('per-tenant OAuth endpoints', () => {
  it("builds the authorize URL on the tenant's own host (Zendesk subdomain)", () => {
    const url = new URL(buildAuthorizationUrl(codeMode('zendesk'), { ...authorization, connectionParams: { subdomain: 'acme' } }));
    expect(`${url.origin}${url.pathname}`).toBe('https://acme.zendesk.com/oauth/authorizations/new');
    expect(url.searchParams.get('client_id')).toBe('client-1');
  });

  it('fills every placeholder of a multi-part endpoint (Microsoft tenant, Workday host and tenant)', () => {
    expect(buildAuthorizationUrl(codeMode('sharepoint'), { ...authorization, connectionParams: { tenant: 'contoso.onmicrosoft.com' } })).toMatch(
      /^https:\/\/login\.microsoftonline\.com\/contoso\.onmicrosoft\.com\/oauth2\/v2\.0\/authorize\?/,
    );
    expect(buildAuthorizationUrl(codeMode('workday'), { ...authorization, connectionParams: { authHost: 'wd3.myworkday.com', tenant: 'acme' } })).toMatch(
      /^https:\/\/wd3\.myworkday\.com\/acme\/authorize\?/,
    );
  });

  it('refuses to build an authorize URL while a value it needs is missing', () => {
    expect(() => buildAuthorizationUrl(codeMode('zendesk'), authorization)).toThrow(/needs "subdomain"/);
  });

  it("exchanges the code at the tenant's token endpoint", async () => {
    const requests: UpstreamRequest[] = [];
    const transport = async (request: UpstreamRequest) => {
      requests.push(request);
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ access_token: 'at', token_type: 'bearer', scope: 'read' }),
      };
    };
    const result = await exchangeAuthorizationCode(
      codeMode('zendesk'),
      { clientId: 'c', clientSecret: 's' },
      { code: 'code-1', redirectUri: authorization.redirectUri },
      { transport, connectionParams: { subdomain: 'acme' } },
    );
    expect(result.ok).toBe(true);
    expect(requests[0]?.url).toBe('https://acme.zendesk.com/oauth/tokens');
  });

  it('answers connection_required, without calling anyone, when the token endpoint lacks its value', async () => {
    const transport = jest.fn();
    const result = await exchangeAuthorizationCode(
      codeMode('snowflake'),
      { clientId: 'c', clientSecret: 's' },
      { code: 'code-1', redirectUri: authorization.redirectUri },
      { transport },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'connection_required' } });
    expect(transport).not.toHaveBeenCalled();
  });

  it('encodes values so they cannot add path segments or a query', () => {
    expect(resolveEndpoint('https://login.example/{tenant}/token', { tenant: 'a/../b?x=1' })).toEqual({
      ok: true,
      url: 'https://login.example/a%2F..%2Fb%3Fx%3D1/token',
    });
  });

  it("leaves GitHub's {client_id} for the revocation code", () => {
    expect(resolveEndpoint('https://api.github.com/applications/{client_id}/token')).toEqual({
      ok: true,
      url: 'https://api.github.com/applications/{client_id}/token',
    });
  });
});
