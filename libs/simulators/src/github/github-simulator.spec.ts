import { request } from 'undici';
import { ManualClock } from '../common/clock';
import { DEFAULT_CLIENT } from '../common/oauth';
import type { RunningSimulator } from '../common/simulator-server';
import { startGitHubSimulator, type GitHubSimulatorControl } from './github-simulator';

describe('GitHub simulator', () => {
  let sim: RunningSimulator<GitHubSimulatorControl>;
  const clock = new ManualClock();
  afterEach(() => sim.stop());

  async function code(): Promise<string> {
    const response = await fetch(`${sim.url}/login/oauth/authorize?client_id=${DEFAULT_CLIENT.clientId}&redirect_uri=http://localhost/cb&scope=repo`, {
      redirect: 'manual',
    });
    return new URL(response.headers.get('location') as string).searchParams.get('code') as string;
  }
  const exchange = (body: Record<string, string>, accept?: string) =>
    fetch(`${sim.url}/login/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(accept ? { accept } : {}) },
      body: new URLSearchParams({ client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret, ...body }).toString(),
    });
  const api = (path: string, token: string, headers: Record<string, string> = { 'user-agent': 'spec' }) =>
    fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

  it('answers the token exchange form-encoded unless asked for JSON', async () => {
    sim = await startGitHubSimulator({ clock });
    const formAnswer = await exchange({ code: await code() });
    expect(formAnswer.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(await formAnswer.text()))).toEqual({
      access_token: expect.stringMatching(/^gho_/),
      scope: 'repo',
      token_type: 'bearer',
    });
    const jsonAnswer = await exchange({ code: await code() }, 'application/json');
    expect(await jsonAnswer.json()).toEqual({ access_token: expect.stringMatching(/^gho_/), scope: 'repo', token_type: 'bearer' });
  });

  it('reports a bad code with HTTP 200 and an error field', async () => {
    sim = await startGitHubSimulator({ clock });
    const response = await exchange({ code: 'wrong' }, 'application/json');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' });
  });

  it('issues 8-hour user tokens whose refresh retires both the old refresh and access token', async () => {
    sim = await startGitHubSimulator({ clock, expiringTokens: true });
    const first = (await (await exchange({ code: await code() }, 'application/json')).json()) as Record<string, string>;
    expect(first).toMatchObject({
      access_token: expect.stringMatching(/^ghu_/),
      expires_in: 28800,
      refresh_token: expect.stringMatching(/^ghr_/),
      refresh_token_expires_in: 15811200,
      scope: '',
    });
    const second = (await (
      await exchange({ grant_type: 'refresh_token', refresh_token: first['refresh_token'] as string }, 'application/json')
    ).json()) as Record<string, string>;
    expect(second['access_token']).not.toBe(first['access_token']);
    expect((await api('/user', first['access_token'] as string)).status).toBe(401);
    expect((await api('/user', second['access_token'] as string)).status).toBe(200);
    expect(await (await exchange({ grant_type: 'refresh_token', refresh_token: first['refresh_token'] as string }, 'application/json')).json()).toMatchObject({
      error: 'bad_refresh_token',
    });
    clock.advance(28_800_000);
    expect((await api('/user', second['access_token'] as string)).status).toBe(401);
  });

  it('deletes an app token once: 204, then 401 Bad credentials for it, and 422 for a second delete', async () => {
    sim = await startGitHubSimulator({ clock });
    const token = ((await (await exchange({ code: await code() }, 'application/json')).json()) as { access_token: string }).access_token;
    const remove = () =>
      fetch(`${sim.url}/applications/${DEFAULT_CLIENT.clientId}/token`, {
        method: 'DELETE',
        headers: {
          authorization: `Basic ${Buffer.from(`${DEFAULT_CLIENT.clientId}:${DEFAULT_CLIENT.clientSecret}`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ access_token: token }),
      });
    expect((await remove()).status).toBe(204);
    expect((await api('/user', token)).status).toBe(401);
    expect((await remove()).status).toBe(422);
  });

  it('refuses requests without a User-Agent', async () => {
    sim = await startGitHubSimulator({ clock });
    // undici.request, unlike fetch, adds no User-Agent of its own.
    const response = await request(`${sim.url}/user`, { headers: { authorization: `Bearer ${sim.control.issueToken()}` } });
    expect(response.statusCode).toBe(403);
    await response.body.dump();
  });

  it('does not count GET /rate_limit against the primary limit', async () => {
    sim = await startGitHubSimulator({ clock, primaryLimitPerHour: 1 });
    const token = sim.control.issueToken();
    expect((await api('/rate_limit', token)).status).toBe(200);
    expect((await api('/rate_limit', token)).status).toBe(200);
    expect((await api('/user', token)).status).toBe(200);
    const refused = await api('/user', token);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
  });
});
