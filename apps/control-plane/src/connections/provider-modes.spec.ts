import { catalog } from '@causeway/connectors';
import { ConnectionsError } from './connections.errors';
import { consentModeOf } from './provider-modes';
import { checkedModeParams, tenantEndpoint } from './tenant-params';

describe('consentModeOf', () => {
  it('returns a vendor-wide OAuth mode as before', () => {
    expect(consentModeOf(catalog.provider('slack')!, null).id).toBe('oauth2');
    expect(consentModeOf(catalog.provider('github')!, 'oauth2').id).toBe('oauth2');
  });

  it('returns a mode whose authorization server is per tenant: its parameters are asked for at start', () => {
    expect(consentModeOf(catalog.provider('zendesk')!, 'oauth2').id).toBe('oauth2');
    expect(consentModeOf(catalog.provider('microsoft_teams')!, null).id).toBe('oauth2');
  });
});

describe('per-tenant parameters at connect', () => {
  const teams = catalog.provider('microsoft_teams')!;
  const consent = consentModeOf(teams, null);

  it('refuses a missing tenant with a 400 naming params.tenant', () => {
    const attempt = () => checkedModeParams(teams, consent, {});
    expect(attempt).toThrow(ConnectionsError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_input', extra: { field: 'params.tenant' } });
    }
  });

  it.each(['evil.com/', 'a@b', '..', '%2F'])('refuses the tenant %j before any URL is built', (tenant) => {
    expect(() => checkedModeParams(teams, consent, { tenant })).toThrow(/params\.tenant/);
  });

  it('fills the endpoint on the declared host, and refuses one that leaves it', () => {
    expect(tenantEndpoint(teams, 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token', { tenant: 'contoso.onmicrosoft.com' }, false)).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
    );
    expect(() => tenantEndpoint(teams, 'https://{tenant}/oauth2/v2.0/token', { tenant: 'evil.com' }, false)).toThrow(/not a Microsoft Teams host/);
  });
});
