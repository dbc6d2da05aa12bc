import { DEFAULT_CLIENT } from '../common/oauth';
import type { RunningSimulator } from '../common/simulator-server';
import { startSlackSimulator, type SlackSimulatorControl } from './slack-simulator';

describe('Slack simulator', () => {
  let sim: RunningSimulator<SlackSimulatorControl>;
  afterEach(() => sim.stop());

  const form = (method: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${sim.url}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(body).toString(),
    });

  async function code(query: string): Promise<string> {
    const response = await fetch(`${sim.url}/oauth/v2/authorize?client_id=${DEFAULT_CLIENT.clientId}&redirect_uri=http://localhost/cb&${query}`, {
      redirect: 'manual',
    });
    return new URL(response.headers.get('location') as string).searchParams.get('code') as string;
  }

  it('answers oauth.v2.access with the bot token on top and the user token under authed_user', async () => {
    sim = await startSlackSimulator({ tokenRotation: false });
    const response = await form('oauth.v2.access', {
      code: await code('scope=chat:write&user_scope=channels:history'),
      client_id: DEFAULT_CLIENT.clientId,
      client_secret: DEFAULT_CLIENT.clientSecret,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      app_id: 'A0SIMAPP01',
      team: { id: 'T0SIMTEAM1', name: 'Causeway Demo' },
      enterprise: null,
      is_enterprise_install: false,
      access_token: expect.stringMatching(/^xoxb-/),
      token_type: 'bot',
      scope: 'chat:write',
      bot_user_id: 'U0SIMBOT01',
      authed_user: { id: 'U0ALICE001', scope: 'channels:history', access_token: expect.stringMatching(/^xoxp-/), token_type: 'user' },
    });
  });

  it('reports OAuth failures as HTTP 200 with ok:false', async () => {
    sim = await startSlackSimulator();
    const response = await form(
      'oauth.v2.access',
      { code: 'not-a-code' },
      { authorization: `Basic ${Buffer.from(`${DEFAULT_CLIENT.clientId}:${DEFAULT_CLIENT.clientSecret}`).toString('base64')}` },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: false, error: 'invalid_code' });
  });

  it('refuses a JSON body without a bearer header, as JSON works only with header tokens', async () => {
    sim = await startSlackSimulator();
    const token = sim.control.issueToken();
    const response = await fetch(`${sim.url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, channel: 'C0GENERAL01', text: 'hi' }),
    });
    expect(await response.json()).toEqual({ ok: false, error: 'not_authed' });
    const viaForm = await form('chat.postMessage', { token, channel: 'C0GENERAL01', text: 'hi' });
    expect(await viaForm.json()).toMatchObject({ ok: true });
  });

  it('ends lists with next_cursor "" and refuses a cursor it did not issue', async () => {
    sim = await startSlackSimulator();
    const token = sim.control.issueToken();
    const last = (await (await fetch(`${sim.url}/api/conversations.list?limit=500`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      response_metadata: unknown;
    };
    expect(last.response_metadata).toEqual({ next_cursor: '' });
    const bad = await (await fetch(`${sim.url}/api/conversations.list?cursor=garbage`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(bad).toEqual({ ok: false, error: 'invalid_cursor' });
  });
});
