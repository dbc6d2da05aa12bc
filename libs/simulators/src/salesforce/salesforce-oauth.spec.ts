import { createHash, createHmac } from 'node:crypto';
import { DEFAULT_CLIENT } from '../common/oauth';
import type { RunningSimulator } from '../common/simulator-server';
import { idChecksum, toId18 } from './salesforce-ids';
import { startSalesforceSimulator, type SalesforceSimulatorControl } from './salesforce-simulator';

describe('Salesforce OAuth in the Salesforce simulator', () => {
  let sim: RunningSimulator<SalesforceSimulatorControl>;
  const redirectUri = 'http://localhost:4000/oauth/callback';
  const verifier = 'a'.repeat(50);

  beforeEach(async () => {
    sim = await startSalesforceSimulator();
  });
  afterEach(() => sim.stop());

  const form = (path: string, body: Record<string, string>) =>
    fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });

  async function authorize(): Promise<string> {
    const url = new URL(`${sim.url}/services/oauth2/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: DEFAULT_CLIENT.clientId,
      redirect_uri: redirectUri,
      scope: 'api refresh_token',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    return new URL(response.headers.get('location') as string).searchParams.get('code') as string;
  }

  const exchange = (code: string, codeVerifier = verifier) =>
    form('/services/oauth2/token', {
      grant_type: 'authorization_code',
      code,
      client_id: DEFAULT_CLIENT.clientId,
      client_secret: DEFAULT_CLIENT.clientSecret,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    });

  it('answers the code exchange with instance_url, a signature and no expires_in', async () => {
    const body = (await (await exchange(await authorize())).json()) as Record<string, string>;
    expect(body).toMatchObject({ instance_url: sim.url, token_type: 'Bearer', scope: 'api refresh_token', refresh_token: expect.any(String) });
    expect(body).not.toHaveProperty('expires_in');
    expect(body['issued_at']).toMatch(/^\d{13}$/);
    const expected = createHmac('sha256', DEFAULT_CLIENT.clientSecret)
      .update(body['id'] + body['issued_at'])
      .digest('base64');
    expect(body['signature']).toBe(expected);
  });

  it('rejects a wrong PKCE verifier with an OAuth error object', async () => {
    const response = await exchange(await authorize(), 'b'.repeat(50));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'PKCE code verifier does not match' });
  });

  it('refreshes without a new refresh token when rotation is off', async () => {
    const first = (await (await exchange(await authorize())).json()) as Record<string, string>;
    const refreshed = (await (
      await form('/services/oauth2/token', {
        grant_type: 'refresh_token',
        refresh_token: first['refresh_token'] as string,
        client_id: DEFAULT_CLIENT.clientId,
        client_secret: DEFAULT_CLIENT.clientSecret,
      })
    ).json()) as Record<string, string>;
    expect(refreshed['access_token']).toEqual(expect.any(String));
    expect(refreshed).not.toHaveProperty('refresh_token');
  });

  it('revokes the access tokens of a revoked refresh token', async () => {
    const first = (await (await exchange(await authorize())).json()) as Record<string, string>;
    expect((await form('/services/oauth2/revoke', { token: first['refresh_token'] as string })).status).toBe(200);
    const call = await fetch(`${sim.url}/services/data/v63.0/sobjects/Account/describe`, { headers: { authorization: `Bearer ${first['access_token']}` } });
    expect(call.status).toBe(401);
    expect(await call.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('answers the usual session probe, SELECT Id FROM Organization, but offers no Organization sObject to write', async () => {
    const { access_token: token } = (await (await exchange(await authorize())).json()) as Record<string, string>;
    const probe = await fetch(`${sim.url}/services/data/v63.0/query?q=${encodeURIComponent('SELECT Id, Name FROM Organization LIMIT 1')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(probe.status).toBe(200);
    expect(await probe.json()).toMatchObject({ totalSize: 1, done: true, records: [{ Id: expect.stringMatching(/^00D/), Name: expect.any(String) }] });
    const create = await fetch(`${sim.url}/services/data/v63.0/sobjects/Organization`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"Name":"x"}',
    });
    expect(create.status).toBeGreaterThanOrEqual(400);
  });

  it('computes the 18-character ID checksum Salesforce uses', () => {
    expect(idChecksum('001D000000IqhSL')).toBe('IAZ');
    expect(toId18('001D000000IqhSL')).toBe('001D000000IqhSLIAZ');
  });
});
