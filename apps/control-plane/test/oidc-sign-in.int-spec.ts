import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, startOAuthServer, type OAuthTestClient, type OAuthTestServer } from '@causeway/testing';
import { ControlPlaneHarness } from './support/control-plane-harness';

/**
 * Sign-in through a tenant's own OpenID Connect provider, against the project's real OAuth
 * server (oidc-provider in a child process) and a control plane on real Postgres. The test
 * plays the browser: it follows the redirects and carries each site's cookies.
 *
 * The OAuth server sits behind a small pass-through proxy that names itself the issuer, so a
 * test can tamper with the token response the way a network attacker would.
 */
jest.setTimeout(30_000);

const SECRET = { alpha: `alpha-${randomBytes(16).toString('hex')}`, beta: `beta-${randomBytes(16).toString('hex')}` };

const CONFIGURE = `mutation($i: ConfigureOidcProviderInput!) {
  configureOidcProvider(input: $i) { id issuer clientId hasClientSecret clientSecretUpdatedAt allowedDomains defaultRole enabled signInUrl callbackUrl }
}`;
const READ = '{ oidcProvider { id issuer clientId hasClientSecret allowedDomains defaultRole enabled } }';
const REMOVE = 'mutation { removeOidcProvider { id } }';

interface ProviderModel {
  id: string;
  issuer: string;
  clientId: string;
  hasClientSecret: boolean;
  clientSecretUpdatedAt: string | null;
  allowedDomains: string[] | null;
  defaultRole: string | null;
  enabled: boolean;
  signInUrl: string;
  callbackUrl: string;
}

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

describe('sign-in through a tenant OIDC provider', () => {
  const cp = new ControlPlaneHarness();
  let proxy: TamperingProxy;
  let oauth: OAuthTestServer;
  let alpha: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let beta: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;

  beforeAll(async () => {
    proxy = new TamperingProxy();
    await cp.start();
    alpha = await cp.tenantWithOwner('oidc-alpha');
    beta = await cp.tenantWithOwner('oidc-beta');
    const client = (id: string, secret: string): OAuthTestClient => ({
      client_id: id,
      client_secret: secret,
      redirect_uris: [`${cp.url}/auth/oidc/callback`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      require_pkce: true,
    });
    // The provider names the proxy as its issuer (and its READY line), so the proxy must know
    // the provider's own port beforehand. The control plane's callback URL is known only now,
    // so the provider starts after it.
    const port = await freePort();
    proxy.forwardTo(`http://127.0.0.1:${port}`);
    oauth = await startOAuthServer({
      port,
      issuer: await proxy.listen(),
      clients: [client('cw-alpha', SECRET.alpha), client('cw-beta', SECRET.beta)],
      accounts: { 'unverified@oidc-alpha.test': { email_verified: false } },
    });
  }, 60_000);

  afterAll(async () => {
    await oauth?.stop();
    await proxy?.close();
    await cp.stop();
  });

  afterEach(() => proxy.tamperWith(null));

  const configure = (token: string, input: Record<string, unknown>) => cp.gql<{ configureOidcProvider: ProviderModel }>(CONFIGURE, { i: input }, token);
  const configureOk = async (token: string, input: Record<string, unknown>) =>
    (await cp.ok<{ configureOidcProvider: ProviderModel }>(CONFIGURE, { i: input }, token)).configureOidcProvider;
  const alphaProvider = (extra: Record<string, unknown> = {}) =>
    configureOk(alpha.token, {
      issuer: proxy.url,
      clientId: 'cw-alpha',
      clientSecret: SECRET.alpha,
      allowedDomains: null,
      defaultRole: 'viewer',
      enabled: true,
      ...extra,
    });
  const betaProvider = (extra: Record<string, unknown> = {}) =>
    configureOk(beta.token, {
      issuer: proxy.url,
      clientId: 'cw-beta',
      clientSecret: SECRET.beta,
      allowedDomains: null,
      defaultRole: 'viewer',
      enabled: true,
      ...extra,
    });
  const me = (accessToken: string) =>
    cp
      .ok<{ me: { email: string; role: string | null; tenant: { slug: string } | null } }>('{ me { email role tenant { slug } } }', {}, accessToken)
      .then((d) => d.me);

  describe('configuration', () => {
    it('is protected: configuring, reading and removing need a token', async () => {
      for (const operation of [READ, REMOVE, `mutation { configureOidcProvider(input: { clientId: "x" }) { id } }`]) {
        expect((await cp.gql(operation)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
    });

    it('is protected: a viewer may read the configuration but is FORBIDDEN to change or remove it', async () => {
      await alphaProvider();
      const viewer = await cp.member(alpha.token, 'oidc-alpha', 'viewer');
      expect((await configure(viewer.token, { enabled: false })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await cp.gql(REMOVE, {}, viewer.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const read = await cp.ok<{ oidcProvider: ProviderModel }>(READ, {}, viewer.token);
      expect(read.oidcProvider).toMatchObject({ clientId: 'cw-alpha', enabled: true });
    });

    it("cannot reach another tenant's data: each admin sees and changes only their own tenant's provider", async () => {
      await cp.gql(REMOVE, {}, beta.token);
      const mine = await alphaProvider();
      expect((await cp.ok<{ oidcProvider: ProviderModel | null }>(READ, {}, beta.token)).oidcProvider).toBeNull();
      const theirs = await betaProvider();
      expect(theirs.id).not.toBe(mine.id);
      expect((await cp.ok<{ oidcProvider: ProviderModel }>(READ, {}, alpha.token)).oidcProvider).toMatchObject({ id: mine.id, clientId: 'cw-alpha' });
      // Each secret lives in its own tenant's subtree of the secret store.
      expect(await cp.secretStore.list(`tenants/${alpha.tenantId}/oidc`)).toEqual([mine.id]);
      expect(await cp.secretStore.list(`tenants/${beta.tenantId}/oidc`)).toEqual([theirs.id]);
    });

    it('checks the issuer by reading its discovery document, and names the field at fault', async () => {
      const problems = [
        [{ issuer: 'http://idp.example.com' }, 'issuer', /https/],
        [{ issuer: `${cp.url}/not-an-issuer` }, 'issuer', /discovery document/],
        [{ defaultRole: 'owner' }, 'defaultRole', /owner/],
        [{ defaultRole: 'no-such-role' }, 'defaultRole', /no role named/],
        [{ allowedDomains: ['not a domain'] }, 'allowedDomains', /domain/],
        [{ allowedDomains: [] }, 'allowedDomains', /at least one/],
      ] as const;
      for (const [input, field, message] of problems) {
        const result = await configure(alpha.token, input);
        expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_INPUT', field } });
        expect(result.errors?.[0]?.message).toMatch(message);
      }
    });

    it('reads discovery through the egress guard: a refused address answers alike whether a port listens or not', async () => {
      // 127.0.0.2 is loopback, but outside this control plane's allow-list (127.0.0.1/32, ::1/128).
      const seen: string[] = [];
      const listening = createServer((req, res) => {
        seen.push(req.url ?? '');
        res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => listening.listen(0, '127.0.0.2', resolve));
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.2', resolve));
      const closedPort = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      try {
        const answers = [];
        for (const issuer of [`http://127.0.0.2:${(listening.address() as AddressInfo).port}/x`, `http://127.0.0.2:${closedPort}/x`]) {
          const result = await configure(alpha.token, { issuer, clientId: 'cw-alpha', clientSecret: SECRET.alpha });
          answers.push(result.errors?.[0]);
        }
        expect(answers[0]).toMatchObject({ extensions: { code: 'INVALID_INPUT', field: 'issuer' } });
        expect(answers[0]?.message).toContain('refused by egress policy');
        expect(answers[1]?.message).toBe(answers[0]?.message);
        expect(seen).toEqual([]);
      } finally {
        await new Promise<void>((resolve) => listening.close(() => resolve()));
      }
    });

    it('refuses an issuer with a query string, which would otherwise choose the discovery path', async () => {
      const result = await configure(alpha.token, { issuer: `${cp.url}/graphql?`, clientId: 'cw-alpha', clientSecret: SECRET.alpha });
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_INPUT', field: 'issuer' } });
      expect(result.errors?.[0]?.message).toMatch(/^issuer: must not have a query string/);
    });

    it('needs issuer, client id and client secret for a first configuration', async () => {
      await cp.gql(REMOVE, {}, beta.token);
      const result = await configure(beta.token, { issuer: proxy.url, clientId: 'cw-beta' });
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_INPUT', field: 'clientSecret' } });
    });

    it('stores the client secret in the secret store only, and records an audit event without it', async () => {
      const configured = await alphaProvider({ allowedDomains: ['OIDC-Alpha.test'] });
      expect(configured).toMatchObject({
        issuer: proxy.url,
        hasClientSecret: true,
        allowedDomains: ['oidc-alpha.test'],
        signInUrl: `${cp.url}/auth/oidc/oidc-alpha/start`,
        callbackUrl: `${cp.url}/auth/oidc/callback`,
      });
      const stored = await cp.secretStore.read(`tenants/${alpha.tenantId}/oidc/${configured.id}`);
      expect(stored?.data).toEqual({ clientSecret: SECRET.alpha });
      const audit = await eventually(
        () =>
          cp.events.find(
            (e) =>
              e.topic === 'causeway.audit.v1' &&
              (e.value as { action: string; target?: { id: string } }).action === 'oidc_provider.configured' &&
              (e.value as { target?: { id: string } }).target?.id === configured.id,
          ),
        { what: 'the oidc_provider.configured audit event' },
      );
      expect(audit.value).toMatchObject({ actor: { id: alpha.ownerId }, details: { after: { clientId: 'cw-alpha', clientSecretChanged: true } } });
      expect(JSON.stringify(audit.value)).not.toContain(SECRET.alpha);
      await alphaProvider(); // back to any domain for the tests below
    });

    it('changes only what it is given: a rotation of the secret keeps the rest', async () => {
      const before = await alphaProvider();
      const rotated = `alpha-rotated-${randomBytes(8).toString('hex')}`;
      const after = await configureOk(alpha.token, { clientSecret: rotated });
      expect(after).toMatchObject({ id: before.id, clientId: 'cw-alpha', defaultRole: 'viewer', hasClientSecret: true });
      expect((await cp.secretStore.read(`tenants/${alpha.tenantId}/oidc/${before.id}`))?.data.clientSecret).toBe(rotated);
      await alphaProvider();
      expect(cp.responses.join('\n')).not.toContain(rotated);
    });

    it('removes the provider with its secret; sign-in then answers NOT_FOUND', async () => {
      const configured = await betaProvider();
      const removed = await cp.ok<{ removeOidcProvider: { id: string } }>(REMOVE, {}, beta.token);
      expect(removed.removeOidcProvider.id).toBe(configured.id);
      expect(await cp.secretStore.read(`tenants/${beta.tenantId}/oidc/${configured.id}`)).toBeNull();
      expect((await cp.ok<{ oidcProvider: null }>(READ, {}, beta.token)).oidcProvider).toBeNull();
      const start = await fetch(`${cp.url}/auth/oidc/oidc-beta/start`, { redirect: 'manual' });
      expect(start.status).toBe(404);
      expect(((await start.json()) as ErrorBody).error).toMatchObject({ code: 'not_found', message: 'tenant "oidc-beta" has no OIDC sign-in enabled' });
      expect((await cp.gql(REMOVE, {}, beta.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('sign-in', () => {
    beforeEach(async () => {
      await alphaProvider();
    });

    it('signs a member in: start, the provider, the callback, then a session in that tenant', async () => {
      const developer = await cp.member(alpha.token, 'oidc-alpha', 'developer');
      const browser = new Browser(cp.url);
      const callback = await browser.throughProvider('oidc-alpha', developer.email);
      const response = await browser.complete(callback);
      expect(response.status).toBe(200);
      const tokens = (await response.json()) as { accessToken: string; refreshToken: string; tenant: { slug: string }; redirect: string };
      expect(tokens).toMatchObject({ tenant: { slug: 'oidc-alpha' }, redirect: '/graphql' });
      expect(await me(tokens.accessToken)).toEqual({ email: developer.email, role: 'developer', tenant: { slug: 'oidc-alpha' } });
    });

    it('sends the provider a code request with PKCE S256, a nonce and a single-use state', async () => {
      const start = await new Browser(cp.url).start('oidc-alpha');
      const url = new URL(start.headers.get('location')!);
      expect(`${url.origin}${url.pathname}`).toBe(`${proxy.url}/auth`);
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        response_type: 'code',
        client_id: 'cw-alpha',
        redirect_uri: `${cp.url}/auth/oidc/callback`,
        scope: 'openid email profile',
        code_challenge_method: 'S256',
      });
      for (const param of ['state', 'nonce', 'code_challenge']) expect(url.searchParams.get(param)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('hands a browser a page that stores the tokens where the console reads them', async () => {
      const developer = await cp.member(alpha.token, 'oidc-alpha', 'developer');
      const browser = new Browser(cp.url);
      const page = await browser.complete(await browser.throughProvider('oidc-alpha', developer.email, '/graphql?from=oidc'), 'text/html');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'nonce-/);
      expect(page.headers.get('cache-control')).toBe('no-store');
      const html = await page.text();
      expect(html).toContain("sessionStorage.setItem('causeway.accessToken'");
      expect(html).toContain("sessionStorage.setItem('causeway.refreshToken'");
      expect(html).toContain('"returnTo":"/graphql?from=oidc"');
    });

    it('refuses a replayed state', async () => {
      const developer = await cp.member(alpha.token, 'oidc-alpha', 'developer');
      const browser = new Browser(cp.url);
      const callback = await browser.throughProvider('oidc-alpha', developer.email);
      expect((await browser.complete(callback)).status).toBe(200);
      await expectRefusal(browser.complete(callback), 401, 'unauthenticated', /unknown or was already used/);
    });

    it('refuses a state older than ten minutes', async () => {
      const developer = await cp.member(alpha.token, 'oidc-alpha', 'developer');
      const browser = new Browser(cp.url);
      const callback = await browser.throughProvider('oidc-alpha', developer.email);
      // The control plane runs in this process; its clock (OidcSettings.now) reads Date.now.
      const realNow = Date.now.bind(Date);
      const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 10 * 60_000 + 1_000);
      try {
        await expectRefusal(browser.complete(callback), 401, 'unauthenticated', /sign-in state has expired/);
      } finally {
        clock.mockRestore();
      }
    });

    it('refuses a callback link opened in another browser than the one that started the sign-in', async () => {
      const developer = await cp.member(alpha.token, 'oidc-alpha', 'developer');
      const callback = await new Browser(cp.url).throughProvider('oidc-alpha', developer.email);
      await expectRefusal(new Browser(cp.url).complete(callback), 401, 'unauthenticated', /started in another browser/);
    });

    it('refuses an ID token whose signature does not verify (claims changed in transit)', async () => {
      proxy.tamperWith((body) => ({ ...body, id_token: withClaims(String(body.id_token), { email: alpha.owner.email }) }));
      const browser = new Browser(cp.url);
      const callback = await browser.throughProvider('oidc-alpha', 'someone@oidc-alpha.test');
      await expectRefusal(browser.complete(callback), 401, 'unauthenticated', /ID token rejected: its signature does not verify/);
    });

    it('refuses a genuine ID token issued to another client (wrong audience)', async () => {
      await betaProvider();
      // A real token from the same issuer, but for the client of another tenant.
      const forBeta = await oauth.authorizeWithPkce({ clientId: 'cw-beta', scope: 'openid email', accountId: alpha.owner.email, extraParams: { nonce: 'n' } });
      proxy.tamperWith((body) => ({ ...body, id_token: forBeta.tokens.id_token }));
      const browser = new Browser(cp.url);
      const callback = await browser.throughProvider('oidc-alpha', alpha.owner.email);
      await expectRefusal(browser.complete(callback), 401, 'unauthenticated', /ID token rejected: unexpected "aud" claim value/);
    });

    it("cannot reach another tenant's data: a state issued for one tenant signs in to that tenant only", async () => {
      // beta's owner belongs to beta alone; a sign-in started for alpha cannot take them into beta.
      const browser = new Browser(cp.url);
      const callback = await browser.throughProvider('oidc-alpha', beta.owner.email);
      callback.searchParams.set('tenant', 'oidc-beta');
      await expectRefusal(browser.complete(callback), 403, 'forbidden', /belongs to other tenants too, so "oidc-alpha"'s identity provider cannot sign it in/);

      const developer = await cp.member(alpha.token, 'oidc-alpha', 'developer');
      const again = new Browser(cp.url);
      const link = await again.throughProvider('oidc-alpha', developer.email);
      link.searchParams.set('tenant', 'oidc-beta');
      const tokens = (await (await again.complete(link)).json()) as { accessToken: string };
      expect((await me(tokens.accessToken)).tenant).toEqual({ slug: 'oidc-alpha' });
    });

    it("cannot reach another tenant's data: a code from one tenant's client does not complete another tenant's sign-in", async () => {
      await betaProvider();
      const developer = await cp.member(alpha.token, 'oidc-alpha', 'developer');
      const browser = new Browser(cp.url);
      const alphaCallback = await browser.throughProvider('oidc-alpha', developer.email);
      const betaCallback = await browser.throughProvider('oidc-beta', developer.email);
      betaCallback.searchParams.set('code', alphaCallback.searchParams.get('code')!);
      await expectRefusal(browser.complete(betaCallback), 401, 'unauthenticated', /refused the authorization code \(invalid_grant\)/);
    });

    it("refuses an account that also belongs to another tenant, so one tenant's provider cannot open a session for it", async () => {
      const shared = await cp.member(alpha.token, 'oidc-alpha', 'developer');
      const invitation = await cp.invite(beta.token, shared.email, 'viewer');
      expect((await cp.acceptInvitation(invitation, undefined, shared.token)).errors).toBeUndefined();
      const browser = new Browser(cp.url);
      await expectRefusal(browser.complete(await browser.throughProvider('oidc-alpha', shared.email)), 403, 'forbidden', /belongs to other tenants too/);
    });

    it('refuses an email outside the allowed domains', async () => {
      await alphaProvider({ allowedDomains: ['oidc-alpha.test'] });
      const browser = new Browser(cp.url);
      await expectRefusal(
        browser.complete(await browser.throughProvider('oidc-alpha', 'mallory@elsewhere.test')),
        403,
        'forbidden',
        /email domain "elsewhere.test" is not allowed to sign in to "oidc-alpha"/,
      );
    });

    it('refuses an email the provider calls unverified', async () => {
      const browser = new Browser(cp.url);
      await expectRefusal(browser.complete(await browser.throughProvider('oidc-alpha', 'unverified@oidc-alpha.test')), 403, 'forbidden', /not verified/);
    });

    it('refuses an unknown user when the tenant admits existing members only', async () => {
      await alphaProvider({ defaultRole: null });
      const browser = new Browser(cp.url);
      await expectRefusal(
        browser.complete(await browser.throughProvider('oidc-alpha', 'newcomer@oidc-alpha.test')),
        403,
        'forbidden',
        /lets only existing members sign in/,
      );
    });

    it('creates an unknown user as a viewer at first sign-in, with an audit event', async () => {
      await alphaProvider({ defaultRole: 'viewer' });
      const email = `new-${randomBytes(4).toString('hex')}@oidc-alpha.test`;
      const browser = new Browser(cp.url);
      const response = await browser.complete(await browser.throughProvider('oidc-alpha', email));
      expect(response.status).toBe(200);
      const tokens = (await response.json()) as { accessToken: string };
      expect(await me(tokens.accessToken)).toEqual({ email, role: 'viewer', tenant: { slug: 'oidc-alpha' } });
      const created = await eventually(
        () =>
          cp.events.find(
            (e) =>
              e.topic === 'causeway.audit.v1' &&
              (e.value as { action: string; details?: { after?: { email?: string } } }).action === 'membership.created' &&
              (e.value as { details?: { after?: { email?: string } } }).details?.after?.email === email,
          ),
        { what: 'the membership.created audit event' },
      );
      expect(created.value).toMatchObject({ actor: { type: 'system' }, details: { after: { role: 'viewer', newUser: true } } });
      // The new account has no password: only its tenant's provider signs it in.
      const login = await cp.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', {
        e: email,
        p: 'any-password-at-all',
      });
      expect(login.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('answers bad links with the error body: unknown tenant, foreign redirect, missing state', async () => {
      const unknown = await fetch(`${cp.url}/auth/oidc/no-such-tenant/start`, { redirect: 'manual' });
      expect(unknown.status).toBe(404);
      const foreign = await fetch(`${cp.url}/auth/oidc/oidc-alpha/start?redirect=${encodeURIComponent('//evil.example/')}`, { redirect: 'manual' });
      expect(foreign.status).toBe(400);
      expect(((await foreign.json()) as ErrorBody).error).toMatchObject({ code: 'invalid_input', field: 'redirect' });
      const stateless = await fetch(`${cp.url}/auth/oidc/callback?code=abc`);
      expect(stateless.status).toBe(400);
      expect(((await stateless.json()) as ErrorBody).error).toMatchObject({ code: 'invalid_input', field: 'state' });
    });
  });

  it('never shows a client secret in responses, logs or events', async () => {
    const everything = [cp.everythingObservable(), ...cp.responses].join('\n');
    expect(everything).toContain('oidc_provider.configured');
    for (const secret of Object.values(SECRET)) expect(everything).not.toContain(secret);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function expectRefusal(response: Promise<Response>, status: number, code: string, message: RegExp): Promise<void> {
  const answer = await response;
  const body = (await answer.json()) as ErrorBody;
  expect({ status: answer.status, code: body.error?.code }).toEqual({ status, code });
  expect(body.error.message).toMatch(message);
}

/** A JWT with some payload claims replaced and the original signature kept. */
function withClaims(jwt: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = jwt.split('.');
  const changed = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), ...claims };
  return [header, Buffer.from(JSON.stringify(changed)).toString('base64url'), signature].join('.');
}

/**
 * Plays a browser: follows redirects by hand and keeps each origin's cookies (by name; the
 * servers here never reuse a name across paths).
 */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  constructor(private readonly controlPlane: string) {}

  /** GET /auth/oidc/:tenant/start, without following its redirect. */
  start(tenantSlug: string, returnTo?: string): Promise<Response> {
    const query = returnTo ? `?redirect=${encodeURIComponent(returnTo)}` : '';
    return this.get(new URL(`${this.controlPlane}/auth/oidc/${tenantSlug}/start${query}`));
  }

  /** Starts a sign-in and lets the provider sign `account` in; returns the callback URL it sends the browser to. */
  async throughProvider(tenantSlug: string, account: string, returnTo?: string): Promise<URL> {
    const start = await this.start(tenantSlug, returnTo);
    if (start.status !== 302) throw new Error(`start answered ${start.status}: ${await start.text()}`);
    let url = new URL(start.headers.get('location')!);
    // The test server's way of choosing who signs in (its auto-login reads this parameter).
    url.searchParams.set('test_account', account);
    for (let hop = 0; hop < 10; hop++) {
      const response = await this.get(url);
      const location = response.headers.get('location');
      if (!location) throw new Error(`provider stopped at ${url.pathname} with ${response.status}: ${(await response.text()).slice(0, 300)}`);
      url = new URL(location, url);
      if (url.href.startsWith(`${this.controlPlane}/auth/oidc/callback`)) return url;
    }
    throw new Error('too many redirects');
  }

  complete(callback: URL, accept = 'application/json'): Promise<Response> {
    return this.get(callback, accept);
  }

  private async get(url: URL, accept = 'application/json'): Promise<Response> {
    const jar = this.jars.get(url.origin) ?? new Map<string, string>();
    this.jars.set(url.origin, jar);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { redirect: 'manual', headers: { accept, ...(cookie ? { cookie } : {}) } });
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const [name, ...value] = pair.split('=');
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()));
      if (expired) jar.delete(name);
      else jar.set(name, value.join('='));
    }
    return response;
  }
}

/**
 * Forwards everything to the OAuth server, keeping the Host header so the server names this
 * proxy in its URLs. `tamperWith` rewrites the JSON of token responses.
 */
class TamperingProxy {
  url = '';
  private upstream?: URL;
  private tamper: ((body: Record<string, unknown>) => Record<string, unknown>) | null = null;
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const forward = httpRequest(
        { host: this.upstream!.hostname, port: this.upstream!.port, method: req.method, path: req.url, headers: req.headers },
        (upstream) => {
          const body: Buffer[] = [];
          upstream.on('data', (chunk: Buffer) => body.push(chunk));
          upstream.on('end', () => {
            let payload = Buffer.concat(body);
            const headers = { ...upstream.headers };
            if (this.tamper && req.method === 'POST' && req.url?.startsWith('/token') && upstream.statusCode === 200) {
              payload = Buffer.from(JSON.stringify(this.tamper(JSON.parse(payload.toString('utf8')))));
              headers['content-length'] = String(payload.length);
            }
            res.writeHead(upstream.statusCode ?? 502, headers);
            res.end(payload);
          });
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      forward.end(Buffer.concat(chunks));
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  forwardTo(url: string): void {
    this.upstream = new URL(url);
  }

  tamperWith(tamper: ((body: Record<string, unknown>) => Record<string, unknown>) | null): void {
    this.tamper = tamper;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
