import { decodeJwt, SignJWT } from 'jose';
import { eventually } from '@causeway/testing';
import { ControlPlaneHarness } from './support/control-plane-harness';

describe('sign-in and sessions', () => {
  const cp = new ControlPlaneHarness();
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;

  beforeAll(async () => {
    await cp.start();
    acme = await cp.tenantWithOwner('sessions');
  }, 60_000);

  afterAll(() => cp.stop(), 30_000);

  const login = (email: string, password: string) =>
    cp.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }', { e: email, p: password });

  it('gives unknown users and wrong passwords the same answer', async () => {
    const unknown = await login('nobody@sessions.test', 'whatever-password');
    const wrong = await login(acme.owner.email, 'wrong-password-here');
    expect(unknown.errors?.[0]).toMatchObject({ message: 'email or password is wrong', extensions: { code: 'UNAUTHENTICATED' } });
    expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    expect(wrong.errors?.[0]?.extensions).toEqual(unknown.errors?.[0]?.extensions);
  });

  const loginFrom = (address: string, email: string, password: string) =>
    cp.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { e: email, p: password }, undefined, {
      'x-forwarded-for': address,
    });

  it('throttles brute force on an account from an address: after 5 failures even the right password waits there', async () => {
    const victim = await cp.member(acme.token, 'sessions', 'viewer');
    for (let i = 0; i < 5; i++)
      expect((await loginFrom('203.0.113.1', victim.email, `guess-${i}-wrong-pw`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const blocked = await loginFrom('203.0.113.1', victim.email, victim.password);
    expect(blocked.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(blocked.errors?.[0]?.extensions?.retryAfterMs).toBeGreaterThan(60_000);
  });

  it('counts attempts atomically: of 18 parallel wrong passwords only 5 are checked', async () => {
    const victim = await cp.member(acme.token, 'sessions', 'viewer');
    const results = await Promise.all(Array.from({ length: 18 }, (_, i) => loginFrom('203.0.113.2', victim.email, `parallel-guess-${i}`)));
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(13);
  });

  it("cannot be used to lock a user out: a stranger's failures leave the right password working from a clean address", async () => {
    const victim = await cp.member(acme.token, 'sessions', 'viewer');
    for (let i = 0; i < 8; i++) await loginFrom('198.51.100.66', victim.email, `stranger-guess-${i}`);
    expect((await loginFrom('198.51.100.66', victim.email, victim.password)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect((await loginFrom('192.0.2.10', victim.email, victim.password)).errors).toBeUndefined();
  });

  it('slows one address guessing across many accounts', async () => {
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 55; i++) codes.push((await loginFrom('198.51.100.99', `spray-${i}@sessions.test`, 'Summer2026!-guess')).errors?.[0]?.extensions?.code);
    expect(codes.slice(0, 50).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(codes.slice(50).every((c) => c === 'RATE_LIMITED')).toBe(true);
  }, 60_000);

  it('rotates refresh tokens, and a reused one revokes the whole session', async () => {
    const first = await cp.login(acme.owner.email, acme.owner.password);
    const second = (
      await cp.ok<{ refreshSession: { accessToken: string; refreshToken: string } }>(
        'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }',
        { t: first.refreshToken },
      )
    ).refreshSession;
    const reuse = await cp.gql('mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: first.refreshToken });
    expect(reuse.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // The thief's reuse ended the session for everyone holding it.
    const afterReuse = await cp.gql('mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: second.refreshToken });
    expect(afterReuse.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await cp.gql('{ me { email } }', {}, second.accessToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('signs out: the access token stops working at once', async () => {
    const session = await cp.login(acme.owner.email, acme.owner.password);
    expect((await cp.ok<{ me: { email: string } }>('{ me { email } }', {}, session.accessToken)).me.email).toBe(acme.owner.email);
    expect((await cp.ok<{ logout: boolean }>('mutation($t: String!) { logout(refreshToken: $t) }', { t: session.refreshToken })).logout).toBe(true);
    expect((await cp.gql('{ me { email } }', {}, session.accessToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("refuses a live session id presented with another user's subject", async () => {
    const viewer = await cp.member(acme.token, 'sessions', 'viewer');
    const { sid, tid } = decodeJwt(acme.token) as { sid: string; tid: string };
    // A token signed with the real key: only the binding of session to user can refuse it.
    const forged = await new SignJWT({ tid, sid })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(viewer.userId)
      .setIssuer('causeway-control-plane')
      .setAudience('causeway-console')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(cp.secrets.jwtSecret));
    expect((await cp.gql('{ me { email } }', {}, forged)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reports who I am, in which tenant, with which permissions', async () => {
    const me = await cp.ok<{ me: { email: string; role: string; tenant: { slug: string }; permissions: string[] } }>(
      '{ me { email role tenant { slug } permissions } }',
      {},
      acme.token,
    );
    expect(me.me).toMatchObject({ email: acme.owner.email, role: 'owner', tenant: { slug: 'sessions' } });
    expect(me.me.permissions).toContain('delete:Tenant');
  });
});

describe('API keys', () => {
  const cp = new ControlPlaneHarness();
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let developer: Awaited<ReturnType<ControlPlaneHarness['member']>>;

  beforeAll(async () => {
    await cp.start();
    acme = await cp.tenantWithOwner('keys');
    developer = await cp.member(acme.token, 'keys', 'developer');
  }, 60_000);

  afterAll(() => cp.stop(), 30_000);

  const create = (token: string, scopes: string[], extra = '') =>
    cp.gql<{ createApiKey: { secret: string; apiKey: { id: string; prefix: string; scopes: string[] } } }>(
      `mutation($s: [String!]!) { createApiKey(input: { name: "agent", scopes: $s ${extra} }) { secret apiKey { id prefix scopes } } }`,
      { s: scopes },
      token,
    );

  it('refuses scopes beyond the creator, naming the permission', async () => {
    const result = await create(developer.token, ['call:Tool', 'delete:Tenant']);
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'scopes' } });
    expect(result.errors?.[0]?.message).toContain('delete:Tenant');
  });

  it('refuses unknown scopes and past expiry dates as bad input', async () => {
    expect((await create(developer.token, ['fly:Tool'])).errors?.[0]?.extensions).toEqual({ code: 'INVALID_INPUT', field: 'scopes' });
    expect((await create(developer.token, ['call:Tool'], ', expiresAt: "2001-01-01T00:00:00Z"')).errors?.[0]?.extensions).toEqual({
      code: 'INVALID_INPUT',
      field: 'expiresAt',
    });
  });

  it('shows the secret once and never again', async () => {
    const created = await create(developer.token, ['call:Tool', 'read:Tool']);
    const { secret, apiKey } = created.data!.createApiKey;
    expect(secret).toMatch(new RegExp(`^cw_${apiKey.prefix}_[A-Za-z0-9_-]{43}$`));
    const list = await cp.gql('{ apiKeys { edges { node { id prefix name scopes createdById } } } }', {}, developer.token);
    expect(list.raw).toContain(apiKey.prefix);
    expect(list.raw).not.toContain(secret.slice('cw_'.length + 12 + 1));
  });

  it('rotates with an overlap and records when the old secret stops working', async () => {
    const { apiKey, secret } = (await create(developer.token, ['call:Tool'])).data!.createApiKey;
    const rotated = await cp.ok<{ rotateApiKey: { secret: string; apiKey: { previousSecretValidUntil: string } } }>(
      'mutation($id: ID!) { rotateApiKey(id: $id, overlapSeconds: 300) { secret apiKey { previousSecretValidUntil } } }',
      { id: apiKey.id },
      developer.token,
    );
    expect(rotated.rotateApiKey.secret).not.toBe(secret);
    expect(rotated.rotateApiKey.secret.startsWith(`cw_${apiKey.prefix}_`)).toBe(true);
    const until = Date.parse(rotated.rotateApiKey.apiKey.previousSecretValidUntil);
    expect(until - Date.now()).toBeGreaterThan(290_000);
  });

  it('emits an audit event per mutation, without secrets or hashes', async () => {
    const { apiKey, secret } = (await create(developer.token, ['call:Tool'])).data!.createApiKey;
    await cp.ok('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: apiKey.id }, developer.token);
    const audit = () =>
      cp.events.filter((e) => e.topic === 'causeway.audit.v1').map((e) => e.value as { action: string; target?: { id: string }; actor: { id: string } });
    const forKey = await eventually(
      () => {
        const events = audit()
          .filter((e) => e.target?.id === apiKey.id)
          .map((e) => [e.action, e.actor.id]);
        return events.length === 2 ? events : undefined;
      },
      { what: 'both audit events' },
    );
    expect(forKey).toEqual([
      ['api_key.created', developer.userId],
      ['api_key.revoked', developer.userId],
    ]);
    const auditText = JSON.stringify(audit());
    expect(auditText).not.toContain(secret.slice('cw_'.length + 12 + 1));
    expect(auditText).not.toMatch(/secretHash/);
  });

  it('lets a developer create a narrower custom role but not a wider one', async () => {
    const narrow = await cp.gql('mutation { createRole(input: { name: "tool-reader", permissions: ["read:Tool"] }) { name } }', {}, acme.token);
    expect(narrow.errors).toBeUndefined();
    const wider = await cp.gql('mutation { createRole(input: { name: "sneaky", permissions: ["delete:Tenant"] }) { name } }', {}, developer.token);
    expect(wider.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps at least one owner and lets only owners grant ownership', async () => {
    const admin = await cp.member(acme.token, 'keys', 'admin');
    const promote = await cp.gql('mutation($id: ID!) { changeMemberRole(userId: $id, role: "owner") { id } }', { id: developer.userId }, admin.token);
    expect(promote.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const demoteLastOwner = await cp.gql('mutation($id: ID!) { changeMemberRole(userId: $id, role: "admin") { id } }', { id: acme.ownerId }, acme.token);
    expect(demoteLastOwner.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
