import { catalog } from '../catalog';
import type { AuthMode } from '../definition/auth-modes';
import type { ProviderDefinition } from '../definition/provider';
import { checkModeParams, modeParamNames, resolveTenantEndpoint } from './tenant-endpoints';

function providerAndMode(providerId: string, modeId: string): { provider: ProviderDefinition; mode: AuthMode } {
  const provider = catalog.provider(providerId);
  const mode = provider?.authModes.find((m) => m.id === modeId);
  if (!provider || !mode) throw new Error(`${providerId}/${modeId} is not in the catalog`);
  return { provider, mode };
}

const teams = providerAndMode('microsoft_teams', 'oauth2');
const teamsApp = providerAndMode('microsoft_teams', 'client_credentials');
const workday = providerAndMode('workday', 'oauth2');
const netsuite = providerAndMode('netsuite', 'oauth2');

describe("a mode's per-tenant parameters", () => {
  it('are the admin parameters its authorize and token endpoints name', () => {
    expect(modeParamNames(teams.provider, teams.mode)).toEqual(['tenant']);
    expect(modeParamNames(teamsApp.provider, teamsApp.mode)).toEqual(['tenant']);
    expect(modeParamNames(workday.provider, workday.mode).sort()).toEqual(['authHost', 'servicesHost', 'tenant']);
    expect(modeParamNames(netsuite.provider, netsuite.mode)).toEqual(['accountHost']);
  });

  it('accepts a tenant domain, a GUID and `organizations`', () => {
    for (const tenant of ['contoso.onmicrosoft.com', '72f988bf-86f1-41af-91ab-2d7cd011db47', 'organizations']) {
      expect(checkModeParams(teams.provider, teams.mode, { tenant })).toEqual({ ok: true, value: { tenant } });
    }
  });

  it('names the missing parameter', () => {
    expect(checkModeParams(teams.provider, teams.mode, {})).toMatchObject({
      ok: false,
      problem: { param: 'tenant', message: expect.stringMatching(/required/) },
    });
  });

  it('refuses a name the provider does not declare, listing the ones it takes', () => {
    expect(checkModeParams(teams.provider, teams.mode, { tenant: 'contoso.onmicrosoft.com', tokenUrl: 'https://evil.example' })).toMatchObject({
      ok: false,
      problem: { param: 'tokenUrl', message: expect.stringContaining('it takes tenant') },
    });
  });

  it.each(['evil.com/', 'a@b', '..', '.', '%2F', 'a/../b', 'evil.com#', 'evil.com?x=1', 'a b', 'contoso:443', ''])(
    'refuses the hostile tenant value %j, naming the parameter',
    (tenant) => {
      expect(checkModeParams(teams.provider, teams.mode, { tenant })).toMatchObject({ ok: false, problem: { param: 'tenant' } });
    },
  );

  it('refuses a value longer than a DNS name', () => {
    expect(checkModeParams(teams.provider, teams.mode, { tenant: `${'a'.repeat(250)}.com` })).toMatchObject({
      ok: false,
      problem: { param: 'tenant', message: expect.stringContaining('at most 253') },
    });
  });

  it('refuses a Workday host outside the Workday domains', () => {
    expect(
      checkModeParams(workday.provider, workday.mode, { authHost: 'wd3.evil.com', servicesHost: 'wd3-services1.myworkday.com', tenant: 'acme' }),
    ).toMatchObject({
      ok: false,
      problem: { param: 'authHost' },
    });
  });
});

describe('filling a per-tenant endpoint', () => {
  const tokenUrl = 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token';

  it("gives the tenant's own token endpoint", () => {
    expect(resolveTenantEndpoint(teams.provider, tokenUrl, { tenant: 'contoso.onmicrosoft.com' })).toEqual({
      ok: true,
      value: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
    });
  });

  it('fills host placeholders (NetSuite account, Workday services host) and keeps them on the vendor domain', () => {
    const mode = netsuite.mode as Extract<AuthMode, { type: 'oauth2_authorization_code' }>;
    expect(resolveTenantEndpoint(netsuite.provider, mode.tokenUrl, { accountHost: '1234567-sb1' })).toEqual({
      ok: true,
      value: 'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token',
    });
    const workdayMode = workday.mode as Extract<AuthMode, { type: 'oauth2_authorization_code' }>;
    expect(resolveTenantEndpoint(workday.provider, workdayMode.tokenUrl, { servicesHost: 'wd3-services1.myworkday.com', tenant: 'acme' })).toMatchObject({
      ok: true,
      value: 'https://wd3-services1.myworkday.com/ccx/oauth2/acme/token',
    });
  });

  // Even a value that slipped past its pattern must not move the request: the host check is the last word.
  it.each([
    ['evil.com/', 'a path separator'],
    ['..', 'a dot segment'],
    ['a@b', 'userinfo'],
    ['%2F', 'an escaped slash'],
  ])('keeps %j (%s) inside the path of the declared host', (tenant) => {
    const result = resolveTenantEndpoint(teams.provider, tokenUrl, { tenant });
    if (result.ok) expect(new URL(result.value).hostname).toBe('login.microsoftonline.com');
    if (result.ok) expect(new URL(result.value).pathname).toMatch(/^\/[^/]+\/oauth2\/v2\.0\/token$/);
  });

  it('refuses a dot segment that would climb the path', () => {
    expect(resolveTenantEndpoint(teams.provider, tokenUrl, { tenant: '..' })).toMatchObject({ ok: false, problem: { param: 'tenant' } });
  });

  it('refuses a host placeholder filled with another domain', () => {
    expect(
      resolveTenantEndpoint(workday.provider, 'https://{servicesHost}/ccx/oauth2/{tenant}/token', { servicesHost: 'evil.com', tenant: 'acme' }),
    ).toMatchObject({
      ok: false,
      problem: { param: 'servicesHost', message: expect.stringContaining('not a Workday host') },
    });
    expect(resolveTenantEndpoint(netsuite.provider, 'https://{accountHost}.suitetalk.api.netsuite.com/token', { accountHost: 'evil.com/x' })).toMatchObject({
      ok: false,
    });
  });

  it("accepts an operator's replacement only on that replacement's own host", () => {
    const simulator = 'http://127.0.0.1:5999/{tenant}/oauth2/v2.0/token';
    expect(resolveTenantEndpoint(teams.provider, simulator, { tenant: 'contoso.onmicrosoft.com' }, { operatorTemplate: true })).toEqual({
      ok: true,
      value: 'http://127.0.0.1:5999/contoso.onmicrosoft.com/oauth2/v2.0/token',
    });
    expect(resolveTenantEndpoint(teams.provider, simulator, { tenant: 'contoso.onmicrosoft.com' })).toMatchObject({ ok: false });
  });

  it('names the parameter a template needs when it is absent', () => {
    expect(resolveTenantEndpoint(teams.provider, tokenUrl, {})).toMatchObject({ ok: false, problem: { param: 'tenant' } });
  });
});
