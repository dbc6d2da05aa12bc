import { exportPKCS8, exportSPKI, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { ManualClock } from '../common/clock';
import { DEFAULT_CLIENT } from '../common/oauth';
import type { RunningSimulator } from '../common/simulator-server';
import { startSalesforceSimulator, type SalesforceSimulatorControl } from './salesforce-simulator';

describe('the Salesforce JWT bearer flow in the Salesforce simulator', () => {
  let sim: RunningSimulator<SalesforceSimulatorControl>;
  let key: KeyLike;
  let otherKey: KeyLike;
  const clock = new ManualClock();
  const username = 'ada@causeway-demo.example';

  beforeAll(async () => {
    sim = await startSalesforceSimulator({ clock });
    const pair = await generateKeyPair('RS256', { extractable: true });
    key = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    expect(await exportPKCS8(pair.privateKey)).toContain('PRIVATE KEY');
    sim.control.trustJwtKey(await exportSPKI(pair.publicKey));
  });
  afterAll(() => sim.stop());

  const assertion = (claims: { iss?: string; sub?: string; aud?: string; expIn?: number }, signWith = key) => {
    const now = Math.floor(clock.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(claims.iss ?? DEFAULT_CLIENT.clientId)
      .setSubject(claims.sub ?? username)
      .setAudience(claims.aud ?? 'https://login.salesforce.com')
      .setExpirationTime(now + (claims.expIn ?? 120))
      .sign(signWith);
  };
  const grant = async (jwt: string) => {
    const response = await fetch(`${sim.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };

  it('trades a valid assertion for an access token and instance URL, without a refresh token', async () => {
    const { status, body } = await grant(await assertion({}));
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', instance_url: sim.url });
    expect(body['refresh_token']).toBeUndefined();
    const query = await fetch(`${sim.url}/services/data/v63.0/query?q=${encodeURIComponent('SELECT Id FROM Account LIMIT 1')}`, {
      headers: { authorization: `Bearer ${body['access_token']}` },
    });
    expect(query.status).toBe(200);
  });

  it.each([
    ['another consumer key', { iss: 'someone-else' }, 'invalid_client_id', 'client identifier invalid'],
    ['another audience', { aud: 'https://evil.example' }, 'invalid_grant', 'audience is invalid'],
    ['a user not pre-authorized', { sub: 'mallory@acme.example' }, 'invalid_grant', "user hasn't approved this consumer"],
    ['an expiry more than three minutes away', { expIn: 600 }, 'invalid_grant', 'invalid assertion'],
    ['an expired assertion', { expIn: -10 }, 'invalid_grant', 'invalid assertion'],
  ])('refuses %s as Salesforce does', async (_case, claims, error, description) => {
    const { status, body } = await grant(await assertion(claims));
    expect(status).toBe(400);
    expect(body).toEqual({ error, error_description: description });
  });

  it('refuses an assertion signed by a key the connected app does not hold', async () => {
    expect((await grant(await assertion({}, otherKey))).body).toEqual({ error: 'invalid_grant', error_description: 'invalid assertion' });
  });
});
