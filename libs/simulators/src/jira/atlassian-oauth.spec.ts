import { ManualClock } from '../common/clock';
import { DEFAULT_CLIENT } from '../common/oauth';
import type { RunningSimulator } from '../common/simulator-server';
import { startJiraSimulator, type JiraSimulatorControl } from './jira-simulator';

describe('Atlassian OAuth 2.0 (3LO) in the Jira simulator', () => {
  let sim: RunningSimulator<JiraSimulatorControl>;
  let clock: ManualClock;
  const redirectUri = 'http://localhost:4000/oauth/callback';

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startJiraSimulator({ clock, accessTokenLifetimeSeconds: 60 });
  });
  afterEach(() => sim.stop());

  const token = (body: Record<string, unknown>) =>
    fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret, ...body }),
    });
  const refresh = (refreshToken: string) => token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  const myself = (accessToken: string) =>
    fetch(`${sim.url}/ex/jira/${sim.control.cloudId}/rest/api/3/myself`, { headers: { authorization: `Bearer ${accessToken}` } });

  async function consent(scope = 'read:jira-work offline_access'): Promise<{ access_token: string; refresh_token: string; expires_in: number; scope: string }> {
    const authorize = new URL(`${sim.url}/authorize`);
    for (const [key, value] of Object.entries({
      audience: 'api.atlassian.com',
      client_id: DEFAULT_CLIENT.clientId,
      scope,
      redirect_uri: redirectUri,
      state: 's1',
      response_type: 'code',
      prompt: 'consent',
    })) {
      authorize.searchParams.set(key, value);
    }
    const redirect = await fetch(authorize, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location') as string);
    expect(location.searchParams.get('state')).toBe('s1');
    const exchanged = await token({ grant_type: 'authorization_code', code: location.searchParams.get('code'), redirect_uri: redirectUri });
    expect(exchanged.status).toBe(200);
    return (await exchanged.json()) as { access_token: string; refresh_token: string; expires_in: number; scope: string };
  }

  it('exchanges a code for an access token, a rotating refresh token and a 1 h-style expires_in', async () => {
    const tokens = await consent();
    expect(tokens).toMatchObject({ expires_in: 60, scope: 'read:jira-work offline_access', refresh_token: expect.any(String) });
    expect((await myself(tokens.access_token)).status).toBe(200);
  });

  it('lists accessible resources with the cloudId API calls need', async () => {
    const tokens = await consent();
    const response = await fetch(`${sim.url}/oauth/token/accessible-resources`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(await response.json()).toEqual([
      expect.objectContaining({ id: sim.control.cloudId, url: 'https://causeway-demo.atlassian.net', scopes: ['read:jira-work'] }),
    ]);
  });

  it('refuses an authorize request without audience=api.atlassian.com', async () => {
    const response = await fetch(
      `${sim.url}/authorize?client_id=${DEFAULT_CLIENT.clientId}&response_type=code&redirect_uri=${encodeURIComponent(redirectUri)}`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(400);
  });

  it('rotates the refresh token on every use', async () => {
    const first = await consent();
    const second = (await (await refresh(first.refresh_token)).json()) as { refresh_token: string; access_token: string };
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const third = await refresh(second.refresh_token);
    expect(third.status).toBe(200);
  });

  it('tolerates reuse of a replaced refresh token within the 10-minute leeway', async () => {
    const first = await consent();
    expect((await refresh(first.refresh_token)).status).toBe(200);
    clock.advance(5 * 60_000);
    expect((await refresh(first.refresh_token)).status).toBe(200);
  });

  it('invalidates the whole token family when a replaced refresh token is reused after the leeway', async () => {
    const first = await consent();
    const second = (await (await refresh(first.refresh_token)).json()) as { refresh_token: string; access_token: string };
    clock.advance(11 * 60_000);

    const reuse = await refresh(first.refresh_token);
    expect(reuse.status).toBe(403);
    expect(await reuse.json()).toEqual({ error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });

    // Breach detection: the legitimate newest tokens are gone too.
    expect((await refresh(second.refresh_token)).status).toBe(403);
    expect((await myself(second.access_token)).status).toBe(401);
  });

  it('expires access tokens after their lifetime with a gateway-shaped 401', async () => {
    const tokens = await consent();
    clock.advance(61_000);
    const response = await myself(tokens.access_token);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 401, message: 'Unauthorized' });
  });

  it('issues no refresh token without offline_access', async () => {
    const tokens = await consent('read:jira-work');
    expect(tokens.refresh_token).toBeUndefined();
  });
});
