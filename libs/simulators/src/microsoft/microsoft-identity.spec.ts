import { createHash } from 'node:crypto';
import { ManualClock } from '../common/clock';
import { DEFAULT_CLIENT } from '../common/oauth';
import type { RunningSimulator } from '../common/simulator-server';
import { startMicrosoftSimulator, type MicrosoftSimulatorControl } from './microsoft-simulator';

describe('the Microsoft identity platform simulator', () => {
  let sim: RunningSimulator<MicrosoftSimulatorControl>;
  const clock = new ManualClock();
  const redirectUri = 'http://localhost:4000/oauth/callback';

  beforeAll(async () => {
    sim = await startMicrosoftSimulator({ clock, tenantDomains: ['contoso.onmicrosoft.com', 'fabrikam.onmicrosoft.com'] });
  });
  afterAll(() => sim.stop());

  const token = (tenant: string, body: Record<string, string>) =>
    fetch(`${sim.url}/${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });
  const appOnly = (tenant = 'contoso.onmicrosoft.com', overrides: Record<string, string> = {}) =>
    token(tenant, {
      grant_type: 'client_credentials',
      client_id: DEFAULT_CLIENT.clientId,
      client_secret: DEFAULT_CLIENT.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
      ...overrides,
    });
  const graph = (path: string, accessToken: string) => fetch(`${sim.url}/v1.0${path}`, { headers: { authorization: `Bearer ${accessToken}` } });

  it('mints an app-only token for a named tenant, without a refresh token, usable at Graph until it expires', async () => {
    const response = await appOnly();
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    expect(body['refresh_token']).toBeUndefined();
    const teams = await graph('/teams', body['access_token'] as string);
    expect(((await teams.json()) as { value: unknown[] }).value).toHaveLength(2);
    // Graph's /me is for delegated tokens only.
    expect((await graph('/me/joinedTeams', body['access_token'] as string)).status).toBe(400);
    clock.advance(3600_000);
    const expired = await graph('/teams', body['access_token'] as string);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
  });

  it('answers a wrong secret with 401 invalid_client and AADSTS7000215', async () => {
    const response = await appOnly('contoso.onmicrosoft.com', { client_secret: 'wrong' });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: string; error_description: string; error_codes: number[]; trace_id: string };
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(body.error_description).toMatch(/^AADSTS7000215: .*\r\nTrace ID: /);
  });

  it('answers an unknown tenant with AADSTS90002 and a scope without /.default with AADSTS1002012', async () => {
    expect(((await (await appOnly('nowhere.example')).json()) as { error_codes: number[] }).error_codes).toEqual([90002]);
    const bad = await appOnly('contoso.onmicrosoft.com', { scope: 'User.Read' });
    expect(bad.status).toBe(400);
    expect((await bad.json()) as Record<string, unknown>).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
  });

  it('refuses client credentials at `organizations`: app-only tokens need a named tenant', async () => {
    expect((await appOnly('organizations')).status).toBe(400);
  });

  it("runs the code flow with PKCE under the tenant's path, rotating refresh tokens", async () => {
    const verifier = 'v'.repeat(50);
    const authorize = new URL(`${sim.url}/contoso.onmicrosoft.com/oauth2/v2.0/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: DEFAULT_CLIENT.clientId,
      redirect_uri: redirectUri,
      scope: 'offline_access Team.ReadBasic.All',
      state: 's1',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const redirect = await fetch(authorize, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
    const wrongTenant = await token('fabrikam.onmicrosoft.com', {
      grant_type: 'authorization_code',
      client_id: DEFAULT_CLIENT.clientId,
      client_secret: DEFAULT_CLIENT.clientSecret,
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    // A code is bound to the tenant that issued it (and is now spent).
    expect(((await wrongTenant.json()) as { error: string }).error).toBe('invalid_grant');

    const redirect2 = await fetch(authorize, { redirect: 'manual' });
    const code2 = new URL(redirect2.headers.get('location')!).searchParams.get('code')!;
    const exchange = {
      grant_type: 'authorization_code',
      client_id: DEFAULT_CLIENT.clientId,
      client_secret: DEFAULT_CLIENT.clientSecret,
      code: code2,
      redirect_uri: redirectUri,
    };
    const badVerifier = await token('contoso.onmicrosoft.com', { ...exchange, code_verifier: 'w'.repeat(50) });
    expect((await badVerifier.json()) as Record<string, unknown>).toMatchObject({ error: 'invalid_grant', error_codes: [50148] });

    const redirect3 = await fetch(authorize, { redirect: 'manual' });
    const code3 = new URL(redirect3.headers.get('location')!).searchParams.get('code')!;
    const granted = (await (await token('contoso.onmicrosoft.com', { ...exchange, code: code3, code_verifier: verifier })).json()) as Record<string, string>;
    expect(granted['refresh_token']).toBeDefined();
    expect((await graph('/me/joinedTeams', granted['access_token']!)).status).toBe(200);
    const refreshed = (await (
      await token('contoso.onmicrosoft.com', {
        grant_type: 'refresh_token',
        client_id: DEFAULT_CLIENT.clientId,
        client_secret: DEFAULT_CLIENT.clientSecret,
        refresh_token: granted['refresh_token']!,
      })
    ).json()) as Record<string, string>;
    expect(refreshed['refresh_token']).not.toBe(granted['refresh_token']);
  });

  it('shows an unknown tenant at the authorize endpoint instead of redirecting', async () => {
    const response = await fetch(`${sim.url}/nowhere.example/oauth2/v2.0/authorize?response_type=code&client_id=x`, { redirect: 'manual' });
    expect(response.status).toBe(400);
  });
});
