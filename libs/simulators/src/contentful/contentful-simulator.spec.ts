import { DEFAULT_CLIENT } from '../common/oauth';
import { startContentfulSimulator, type ContentfulSimulator } from './contentful-simulator';

describe('Contentful simulator', () => {
  let sim: ContentfulSimulator;
  beforeEach(async () => {
    sim = await startContentfulSimulator();
  });
  afterEach(() => sim.stop());

  const entries = (base: string, token: string) =>
    fetch(`${base}/spaces/${sim.control.spaceId}/environments/master/entries`, { headers: { authorization: `Bearer ${token}` } });

  it('hands an OAuth token back in the redirect fragment (implicit grant)', async () => {
    const response = await fetch(
      `${sim.url}/oauth/authorize?response_type=token&client_id=${DEFAULT_CLIENT.clientId}&redirect_uri=http://localhost/cb&scope=content_management_manage`,
      { redirect: 'manual' },
    );
    const location = new URL(response.headers.get('location') as string);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('token_type')).toBe('bearer');
    expect((await entries(sim.url, fragment.get('access_token') as string)).status).toBe(200);
  });

  it('revokes an OAuth token at /oauth/revoke (token as Bearer and in the form), after which it is AccessTokenInvalid', async () => {
    const response = await fetch(`${sim.url}/oauth/authorize?response_type=token&client_id=${DEFAULT_CLIENT.clientId}&redirect_uri=http://localhost/cb`, {
      redirect: 'manual',
    });
    const token = new URLSearchParams(new URL(response.headers.get('location') as string).hash.slice(1)).get('access_token') as string;
    const mismatched = await fetch(`${sim.url}/oauth/revoke`, {
      method: 'POST',
      headers: { authorization: 'Bearer someone-else', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(mismatched.status).toBe(400);
    const revoked = await fetch(`${sim.url}/oauth/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, client_id: DEFAULT_CLIENT.clientId }).toString(),
    });
    expect(revoked.status).toBe(200);
    expect((await entries(sim.url, token)).status).toBe(401);
  });

  it('creates a personal access token shown once, and revoking it makes it AccessTokenInvalid', async () => {
    const admin = sim.control.issuePersonalAccessToken();
    const created = await fetch(`${sim.url}/users/me/access_tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/vnd.contentful.management.v1+json' },
      body: JSON.stringify({ name: 'ci', scopes: ['content_management_manage'] }),
    });
    expect(created.status).toBe(201);
    const pat = (await created.json()) as { sys: { id: string }; token: string; revokedAt: null };
    expect(pat).toMatchObject({ token: expect.stringMatching(/^CFPAT-/), revokedAt: null });
    await fetch(`${sim.url}/users/me/access_tokens/${pat.sys.id}/revoked`, { method: 'PUT', headers: { authorization: `Bearer ${admin}` } });
    const refused = await entries(sim.url, pat.token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ sys: { type: 'Error', id: 'AccessTokenInvalid' }, requestId: expect.any(String) });
  });

  it('keeps management and delivery tokens apart', async () => {
    expect((await entries(sim.deliveryUrl, sim.control.issuePersonalAccessToken())).status).toBe(401);
    expect((await entries(sim.url, sim.control.issueDeliveryToken())).status).toBe(401);
    expect((await entries(sim.deliveryUrl, sim.control.issueDeliveryToken())).status).toBe(200);
  });

  it('sends rate-limit headers and its vendor media type on management responses', async () => {
    const response = await entries(sim.url, sim.control.issuePersonalAccessToken());
    expect(response.headers.get('content-type')).toContain('application/vnd.contentful.management.v1+json');
    expect(response.headers.get('x-contentful-ratelimit-second-limit')).toBe('7');
    expect(response.headers.get('x-contentful-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });
});
