import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_CLIENT, startAllSimulators, type AllSimulators } from '@causeway/simulators';
import { secretPath } from '@causeway/secrets';
import { eventually } from '@causeway/testing';
import { landOnCallback, simulatorConsent } from './support/connections-oauth-consent';
import { findSecrets, observableChannels } from './support/connections-secret-scan';
import { startTamperingVendor } from './support/connections-tampering-vendor';
import { ControlPlaneHarness } from './support/control-plane-harness';

type Provider = 'slack' | 'jira' | 'salesforce' | 'github' | 'contentful';

/**
 * Each connector's own OAuth flow against its simulator, with the vendor's quirks: Salesforce's
 * instance URL and signed identity, GitHub's non-expiring token and errors at HTTP 200,
 * Contentful's implicit grant with the token in the URL fragment; and on deleteConnection the
 * grant revoked at the vendor where its API allows it, reported where it does not.
 */
describe('connector OAuth flows against their simulators', () => {
  const cp = new ControlPlaneHarness();
  let sims: AllSimulators;
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  /** Every token seen in these flows, and every error or callback body, for the secret scan. */
  const seenTokens: string[] = [];
  const answers: string[] = [];

  beforeAll(async () => {
    sims = await startAllSimulators();
    await cp.start();
    acme = await cp.tenantWithOwner('conn-providers');
  }, 60_000);

  afterAll(async () => {
    await cp.stop();
    await sims.stop();
  });

  const configureApp = (provider: Provider, oauth: Record<string, string | undefined> = sims.wiring[provider].oauth) =>
    cp.ok(
      'mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider } }',
      { i: { provider, clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret, ...oauth } },
      acme.token,
    );

  const start = async (provider: Provider, scopes: string[]) => {
    const data = await cp.ok<{ startConnection: { authorizeUrl: string } }>(
      'mutation($i: StartConnectionInputModel!) { startConnection(input: $i) { authorizeUrl expiresAt } }',
      {
        i: {
          provider,
          name: `${provider} ${randomBytes(3).toString('hex')}`,
          kind: 'shared',
          scopes,
          serverOverrides: JSON.stringify(sims.wiring[provider].serverOverrides),
        },
      },
      acme.token,
    );
    return new URL(data.startConnection.authorizeUrl);
  };

  /** Consent and callback; returns the new connection's id and its stored credential. */
  const connect = async (provider: Provider, scopes: string[]) => {
    const landed = await landOnCallback(await simulatorConsent((await start(provider, scopes)).toString()));
    answers.push(landed.text);
    expect(landed.status).toBe(200);
    const id = landed.body.connection.id as string;
    const credential = await storedCredential(id);
    seenTokens.push(credential.accessToken, credential.refreshToken);
    return { id, credential };
  };

  const storedCredential = async (id: string) => (await cp.secretStore.read(secretPath.connection(acme.tenantId, id)))?.data as Record<string, string>;
  const paramsOf = async (id: string) =>
    ((await cp.dataSourceQuery('SELECT params FROM control_plane.connections WHERE id = $1', [id])) as { params: Record<string, string> }[])[0]?.params;
  const connectionCount = async () =>
    ((await cp.dataSourceQuery('SELECT count(*)::int AS n FROM control_plane.connections WHERE tenant_id = $1', [acme.tenantId])) as { n: number }[])[0].n;
  const test = (id: string, action?: string, input?: Record<string, unknown>) =>
    cp.ok<{ testConnection: { ok: boolean; code: string | null; connection: { status: string } } }>(
      'mutation($id: ID!, $a: String, $in: String) { testConnection(id: $id, action: $a, input: $in) { ok code message connection { status } } }',
      { id, a: action ?? null, in: input ? JSON.stringify(input) : null },
      acme.token,
    );
  /** Deletes through GraphQL and returns the revocation outcome the audit event recorded. */
  const deleteAndReadRevocation = async (id: string) => {
    expect(await cp.ok('mutation($id: ID!) { deleteConnection(id: $id) }', { id }, acme.token)).toEqual({ deleteConnection: true });
    expect(await cp.secretStore.read(secretPath.connection(acme.tenantId, id))).toBeNull();
    const event = await eventually(() =>
      cp.events
        .map((e) => e.value as { action?: string; target?: { id: string }; details?: { after?: { providerRevocation?: Record<string, string> } } })
        .find((e) => e.action === 'connection.deleted' && e.target?.id === id),
    );
    return event.details?.after?.providerRevocation;
  };

  describe('Salesforce', () => {
    const api = () => `${sims.salesforce.url}/services/data/v63.0/query?q=${encodeURIComponent('SELECT Id FROM Organization LIMIT 1')}`;

    it('takes the instance from instance_url, checks the signed identity, stores no expiry, and the credential works', async () => {
      await configureApp('salesforce');
      const authorize = await start('salesforce', ['api', 'refresh_token']);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      const landed = await landOnCallback(await simulatorConsent(authorize.toString()));
      answers.push(landed.text);
      expect(landed.status).toBe(200);
      const id = landed.body.connection.id as string;
      expect(await paramsOf(id)).toEqual({ instanceUrl: sims.salesforce.url });
      const credential = await storedCredential(id);
      seenTokens.push(credential.accessToken, credential.refreshToken);
      expect(credential).toMatchObject({ kind: 'token', refreshToken: expect.any(String) });
      // No expires_in from Salesforce: the session timeout shows only as a 401 later.
      expect(credential.expiresAt).toBeUndefined();
      expect((await test(id)).testConnection).toMatchObject({ ok: true, connection: { status: 'active' } });
    });

    it('refuses a token answer whose instance_url is not a Salesforce host', async () => {
      const vendor = await startTamperingVendor(sims.wiring.salesforce.oauth.tokenUrl!, (answer) => ({ ...answer, instance_url: 'https://attacker.example' }));
      try {
        await configureApp('salesforce', { ...sims.wiring.salesforce.oauth, tokenUrl: vendor.tokenUrl });
        const before = await connectionCount();
        const landed = await landOnCallback(await simulatorConsent((await start('salesforce', ['api'])).toString()));
        answers.push(landed.text);
        expect(landed.status).toBe(422);
        expect(landed.body.error).toMatchObject({ code: 'upstream_invalid_request', message: expect.stringContaining('attacker.example') });
        expect(await connectionCount()).toBe(before);
      } finally {
        await vendor.stop();
        await configureApp('salesforce');
      }
    });

    it('refuses a token answer whose identity signature does not verify', async () => {
      const vendor = await startTamperingVendor(sims.wiring.salesforce.oauth.tokenUrl!, (answer) => ({
        ...answer,
        id: `${String(answer['id'])}-someone-else`,
      }));
      try {
        await configureApp('salesforce', { ...sims.wiring.salesforce.oauth, tokenUrl: vendor.tokenUrl });
        const before = await connectionCount();
        const landed = await landOnCallback(await simulatorConsent((await start('salesforce', ['api'])).toString()));
        answers.push(landed.text);
        expect(landed.status).toBe(422);
        expect(landed.body.error.message).toContain('signature');
        expect(await connectionCount()).toBe(before);
      } finally {
        await vendor.stop();
        await configureApp('salesforce');
      }
    });

    it('revokes the refresh token at /services/oauth2/revoke on delete, which ends its access tokens too', async () => {
      const { id, credential } = await connect('salesforce', ['api', 'refresh_token']);
      expect((await fetch(api(), { headers: { authorization: `Bearer ${credential.accessToken}` } })).status).toBe(200);
      expect(await deleteAndReadRevocation(id)).toEqual({ outcome: 'revoked', token: 'refresh_token' });
      expect((await fetch(api(), { headers: { authorization: `Bearer ${credential.accessToken}` } })).status).toBe(401);
      const refresh = await fetch(sims.wiring.salesforce.oauth.tokenUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: credential.refreshToken,
          client_id: DEFAULT_CLIENT.clientId,
          client_secret: DEFAULT_CLIENT.clientSecret,
        }),
      });
      expect(refresh.status).toBe(400);
    });
  });

  describe('GitHub', () => {
    const user = (token: string) => fetch(`${sims.github.url}/user`, { headers: { authorization: `Bearer ${token}` } });

    it('gets a non-expiring OAuth-app token (JSON asked for), with PKCE, that lists issues', async () => {
      await configureApp('github');
      const authorize = await start('github', ['repo']);
      expect(authorize.searchParams.get('scope')).toBe('repo');
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      const landed = await landOnCallback(await simulatorConsent(authorize.toString()));
      answers.push(landed.text);
      expect(landed.status).toBe(200);
      const id = landed.body.connection.id as string;
      const credential = await storedCredential(id);
      seenTokens.push(credential.accessToken);
      expect(credential.accessToken).toMatch(/^gho_/);
      expect(credential.refreshToken).toBeUndefined();
      expect(credential.expiresAt).toBeUndefined();
      expect((await test(id, 'github.list_issues', { owner: 'causeway-demo', repo: 'api' })).testConnection).toMatchObject({ ok: true });
    });

    it('reports a bad code although GitHub answers the exchange with HTTP 200', async () => {
      const callback = await simulatorConsent((await start('github', ['repo'])).toString());
      callback.searchParams.set('code', 'not-the-code-github-issued');
      const landed = await landOnCallback(callback);
      answers.push(landed.text);
      expect(landed.status).toBe(422);
      expect(landed.body.error.message).toContain('bad_verification_code');
    });

    it('deletes the token at DELETE /applications/{client_id}/token on delete', async () => {
      const { id, credential } = await connect('github', ['repo']);
      expect((await user(credential.accessToken)).status).toBe(200);
      expect(await deleteAndReadRevocation(id)).toEqual({ outcome: 'revoked', token: 'access_token' });
      expect((await user(credential.accessToken)).status).toBe(401);
    });
  });

  describe('Contentful (implicit grant)', () => {
    const cma = (token: string) =>
      fetch(`${sims.contentful.url}/spaces/${sims.contentful.control.spaceId}/environments/master/entries?limit=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
    /** What the callback page's script does in a browser: post the fragment's parameters back. */
    const relayFragment = async (landing: URL) => {
      const response = await fetch(new URL(landing.pathname, landing), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(Object.fromEntries(new URLSearchParams(landing.hash.slice(1)))),
      });
      const text = await response.text();
      answers.push(text);
      return { status: response.status, body: JSON.parse(text) };
    };
    let fragmentLanding: URL;

    it('gets the token in the URL fragment; the callback page relays it, under a CSP that admits only that script', async () => {
      await configureApp('contentful');
      const authorize = await start('contentful', ['content_management_manage']);
      expect(authorize.searchParams.get('response_type')).toBe('token');
      expect(authorize.searchParams.get('code_challenge')).toBeNull();
      fragmentLanding = await simulatorConsent(authorize.toString());
      expect(fragmentLanding.search).toBe('');
      expect(new URLSearchParams(fragmentLanding.hash.slice(1)).get('state')).toBe(authorize.searchParams.get('state'));

      // The browser sends no fragment: the server answers with the page that can read it.
      const page = await fetch(fragmentLanding);
      const html = await page.text();
      expect(page.status).toBe(200);
      const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
      expect(csp).toContain("connect-src 'self'");
      expect(script).toContain('history.replaceState');

      const relayed = await relayFragment(fragmentLanding);
      expect(relayed.status).toBe(200);
      const id = relayed.body.connection.id as string;
      const credential = await storedCredential(id);
      seenTokens.push(credential.accessToken);
      expect(credential).toMatchObject({ kind: 'token', authMode: 'oauth2' });
      expect(credential.refreshToken).toBeUndefined();
      expect((await test(id, 'contentful.search_entries', { spaceId: sims.contentful.control.spaceId, limit: 1 })).testConnection).toMatchObject({ ok: true });
    });

    it('refuses the same fragment twice, and a token for a consent that started a code flow', async () => {
      expect((await relayFragment(fragmentLanding)).body.error).toMatchObject({ code: 'invalid_input', field: 'state' });
      await configureApp('slack');
      const codeFlow = await start('slack', ['channels:read']);
      const forged = await relayFragment(
        new URL(
          `/oauth/callback#${new URLSearchParams({ state: codeFlow.searchParams.get('state')!, access_token: 'forged-token-value', token_type: 'bearer' })}`,
          cp.url,
        ),
      );
      expect(forged.status).toBe(400);
      expect(forged.body.error.field).toBe('access_token');
    });

    it('revokes the token at /oauth/revoke on delete', async () => {
      const landing = await simulatorConsent((await start('contentful', ['content_management_manage'])).toString());
      const relayed = await relayFragment(landing);
      const id = relayed.body.connection.id as string;
      const { accessToken } = await storedCredential(id);
      seenTokens.push(accessToken);
      expect((await cma(accessToken)).status).toBe(200);
      expect(await deleteAndReadRevocation(id)).toEqual({ outcome: 'revoked', token: 'access_token' });
      expect((await cma(accessToken)).status).toBe(401);
    });
  });

  describe('revocation of the other providers', () => {
    it('Slack: auth.revoke with the token itself; the token then answers token_revoked', async () => {
      await configureApp('slack');
      const { id, credential } = await connect('slack', ['channels:read']);
      expect(await deleteAndReadRevocation(id)).toEqual({ outcome: 'revoked', token: 'access_token' });
      const check = await fetch(`${sims.slack.url}/api/auth.test`, { method: 'POST', headers: { authorization: `Bearer ${credential.accessToken}` } });
      expect(await check.json()).toMatchObject({ ok: false, error: 'token_revoked' });
    });

    it('Jira: no revocation API, so the audit trail says the user must revoke in Atlassian', async () => {
      await configureApp('jira');
      const { id } = await connect('jira', ['read:jira-work', 'offline_access']);
      expect(await deleteAndReadRevocation(id)).toMatchObject({ outcome: 'not_offered', reason: expect.stringContaining('settings') });
    });

    it('a vendor refusing the revocation does not block the delete, and the failure is reported without secrets', async () => {
      const { id, credential } = await connect('github', ['repo']);
      sims.github.control.revokeTokens(credential.accessToken);
      // GitHub answers 422 for a token it no longer knows as valid: reported, deletion goes on.
      const revocation = await deleteAndReadRevocation(id);
      expect(revocation?.['outcome']).toBe('failed');
      expect(revocation?.['reason']).not.toContain(credential.accessToken);
      expect(cp.logs.some((line) => line.includes(id) && line.includes('revocation failed'))).toBe(true);
    });
  });

  it('leaks no token or client secret into logs, errors, events, metrics or GraphQL responses', async () => {
    expect(seenTokens.filter(Boolean).length).toBeGreaterThanOrEqual(6);
    const channels = await observableChannels(cp, [cp.url], { answers });
    // The scan itself must be able to see a leak, in any of the spellings it checks.
    const planted = seenTokens.find(Boolean)!;
    expect(findSecrets({ planted: `Authorization: Bearer ${encodeURIComponent(planted)}` }, [planted])).toHaveLength(1);
    expect(findSecrets(channels, [...seenTokens, DEFAULT_CLIENT.clientSecret])).toEqual([]);
  });
});
