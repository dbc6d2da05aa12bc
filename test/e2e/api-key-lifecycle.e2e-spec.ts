import { eventually } from '@causeway/testing';
import type { ControlPlaneHarness } from '../../apps/control-plane/test/support/control-plane-harness';
import { PlatformHarness } from '../support/platform-harness';

/**
 * A running data plane follows the control plane's config stream: a key works as soon as it
 * is created, narrows the moment its creator is demoted, and is refused within a second of
 * revocation. Nothing secret ever reaches a log, an event or a listing.
 */
describe('API keys across control plane and data plane', () => {
  const cp = new PlatformHarness();
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let developer: Awaited<ReturnType<ControlPlaneHarness['member']>>;
  const secrets: string[] = [];

  beforeAll(async () => {
    await cp.start();
    acme = await cp.tenantWithOwner('lifecycle');
    developer = await cp.member(acme.token, 'lifecycle', 'developer');
    secrets.push(acme.owner.password, developer.password);
  }, 60_000);

  // Stopping the platform waits for the audit spool to drain and in-flight work to end (up to 5 s each).
  afterAll(() => cp.stop(), 30_000);

  const createKey = async (token: string, scopes: string[]) => {
    const data = await cp.ok<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      'mutation($s: [String!]!) { createApiKey(input: { name: "agent", scopes: $s }) { secret apiKey { id } } }',
      { s: scopes },
      token,
    );
    secrets.push(data.createApiKey.secret);
    return { id: data.createApiKey.apiKey.id, key: data.createApiKey.secret };
  };
  const tools = (key: string) => fetch(`${cp.dataPlane.url}/v1/tools`, { headers: { authorization: `Bearer ${key}` } });
  const untilStatus = (key: string, status: number, timeoutMs: number) =>
    eventually(async () => ((await tools(key)).status === status ? true : undefined), { timeoutMs, intervalMs: 20, what: `HTTP ${status}` });

  it('serves a new key the tools its scopes allow', async () => {
    const { key } = await createKey(developer.token, ['call:Tool', 'read:Tool']);
    await untilStatus(key, 200, 5000);
    // This tenant connects nothing: the default list is empty, the catalog is what the scopes allow.
    const body = (await (await fetch(`${cp.dataPlane.url}/v1/tools?include=all`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      tools: { name: string }[];
    };
    expect(body.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['slack.post_message', 'github.create_issue']));
  });

  it('refuses an unknown or malformed key with the contract error body', async () => {
    const response = await tools('cw_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), retryable: false, requestId: expect.any(String) } });
  });

  it('loses access the moment its creator is demoted', async () => {
    const { key } = await createKey(developer.token, ['call:Tool', 'read:Tool']);
    await untilStatus(key, 200, 5000);
    await cp.ok('mutation($id: ID!) { changeMemberRole(userId: $id, role: "auditor") { id } }', { id: developer.userId }, acme.token);
    await untilStatus(key, 403, 1000);
    // Promoted again, the same key works again: nothing about the key itself changed.
    await cp.ok('mutation($id: ID!) { changeMemberRole(userId: $id, role: "developer") { id } }', { id: developer.userId }, acme.token);
    await untilStatus(key, 200, 1000);
  });

  it('stops working when its creator leaves the tenant', async () => {
    const leaver = await cp.member(acme.token, 'lifecycle', 'developer');
    secrets.push(leaver.password);
    const { key } = await createKey(leaver.token, ['call:Tool']);
    await untilStatus(key, 200, 5000);
    await cp.ok('mutation($id: ID!) { removeMember(userId: $id) }', { id: leaver.userId }, acme.token);
    await untilStatus(key, 403, 1000);
  });

  it('is refused by the running data plane within 1 s of revocation', async () => {
    const { id, key } = await createKey(developer.token, ['call:Tool']);
    await untilStatus(key, 200, 5000);
    const revokedAt = Date.now();
    await cp.ok('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id }, developer.token);
    await untilStatus(key, 401, 1000);
    expect(Date.now() - revokedAt).toBeLessThan(1000);
  });

  it('accepts both secrets during a rotation overlap, then only the new one', async () => {
    const { id, key: oldKey } = await createKey(developer.token, ['call:Tool']);
    await untilStatus(oldKey, 200, 5000);
    const rotated = await cp.ok<{ rotateApiKey: { secret: string } }>(
      'mutation($id: ID!) { rotateApiKey(id: $id, overlapSeconds: 2) { secret } }',
      { id },
      developer.token,
    );
    secrets.push(rotated.rotateApiKey.secret);
    await untilStatus(rotated.rotateApiKey.secret, 200, 1000);
    expect((await tools(oldKey)).status).toBe(200);
    await untilStatus(oldKey, 401, 4000);
    expect((await tools(rotated.rotateApiKey.secret)).status).toBe(200);
  });

  it('never lets a password, token or key secret reach a log, an event or a listing', async () => {
    const session = await cp.login(acme.owner.email, acme.owner.password);
    await cp.ok('mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: session.refreshToken });
    await cp.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', {
      e: acme.owner.email,
      p: 'a-wrong-password-attempt',
    });
    await cp.ok('{ apiKeys { edges { node { id name prefix scopes } } } users { edges { node { email } } } }', {}, acme.token);
    const observed = cp.everythingObservable();
    const listings = cp.responses.filter((r) => !/"(secret|accessToken|refreshToken)"/.test(r)).join('\n');
    const leaked = [...secrets, 'a-wrong-password-attempt', session.refreshToken, session.accessToken, cp.secrets.apiKeyPepper, cp.secrets.jwtSecret]
      .map((s) => (s.startsWith('cw_') ? secretPartOf(s) : s))
      .filter((s) => observed.includes(s) || listings.includes(s));
    expect(leaked).toEqual([]);
    // The scan saw real traffic, so an empty result means something.
    expect(cp.logs.length).toBeGreaterThan(10);
    expect(cp.events.length).toBeGreaterThan(10);
  });
});

/** `cw_<12-char prefix>_<secret>`: the secret itself may contain underscores. */
function secretPartOf(key: string): string {
  return key.slice('cw_'.length + 12 + 1);
}
