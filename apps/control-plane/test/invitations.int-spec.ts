import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runTsProcess } from '@causeway/testing';
import { ControlPlaneHarness, tokenOfLink } from './support/control-plane-harness';

/**
 * Invitations are the only way into a tenant, and nobody ever sets the password of an account
 * that exists (security issue #15, item 1).
 */
describe('invitations and password resets', () => {
  const cp = new ControlPlaneHarness();
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;

  beforeAll(async () => {
    await cp.start();
    acme = await cp.tenantWithOwner('inv-acme');
  }, 60_000);

  afterAll(() => cp.stop(), 30_000);

  const login = (email: string, password: string, tenant?: string) =>
    cp.gql<{ login: { accessToken: string } }>(
      'mutation($e: String!, $p: String!, $t: String) { login(email: $e, password: $p, tenant: $t) { accessToken } }',
      { e: email, p: password, t: tenant ?? null },
    );
  const removeMember = (token: string, userId: string) => cp.ok('mutation($u: ID!) { removeMember(userId: $u) }', { u: userId }, token);

  it("never lets a tenant admin's password become another tenant owner's: the pre-registered email takeover", async () => {
    // Tenant A's owner invites owner@x.test and, holding the link, creates the account with a password of their choice.
    const adminChosen = 'chosen-by-tenant-a-admin';
    await expect(cp.acceptInvitation(await cp.invite(acme.token, 'owner@x.test', 'viewer'), adminChosen)).resolves.toMatchObject({ errors: undefined });
    const preRegistered = (await login('owner@x.test', adminChosen, 'inv-acme')).data!.login.accessToken;
    await removeMember(acme.token, await cp.userIdOf(preRegistered));

    // The operator creates tenant X for owner@x.test. The invitation cannot be accepted by setting a password…
    const created = await cp.ok<{ createTenant: { ownerInvitation: { link: string; email: string } } }>(
      'mutation { createTenant(input: { slug: "inv-x", name: "X", adminEmail: "owner@x.test" }) { ownerInvitation { email link } } }',
      {},
      await cp.operatorToken(),
    );
    const operatorChosen = 'chosen-by-the-operator-1';
    const accepted = await cp.acceptInvitation(created.createTenant.ownerInvitation.link, operatorChosen);
    expect(accepted.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await login('owner@x.test', operatorChosen)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // …and A's password opens no door into X.
    expect((await login('owner@x.test', adminChosen, 'inv-x')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers an invitation the same whether or not the email has an account', async () => {
    const invite = (email: string) =>
      cp.ok<{ addMember: Record<string, unknown> }>(
        'mutation($e: String!) { addMember(input: { email: $e, role: "viewer" }) { id email role expiresAt link } }',
        { e: email },
        acme.token,
      );
    const existing = await cp.member(acme.token, 'inv-acme', 'developer');
    await removeMember(acme.token, existing.userId);
    const forExisting = (await invite(existing.email)).addMember;
    const forNew = (await invite('nobody-yet@inv-acme.test')).addMember;
    expect(Object.keys(forExisting).sort()).toEqual(Object.keys(forNew).sort());
    expect(forExisting.role).toBe(forNew.role);
    expect(typeof forExisting.link).toBe('string');
    expect(typeof forNew.link).toBe('string');
    const audit = cp.events
      .filter((e) => (e.value as { action?: string }).action === 'invitation.created')
      .map((e) => Object.keys((e.value as { details: { after: object } }).details.after).sort());
    expect(new Set(audit.map((keys) => keys.join(','))).size).toBe(1);
  });

  it('lets an existing account join only signed in as itself, and keeps its password', async () => {
    const person = await cp.member(acme.token, 'inv-acme', 'viewer');
    const beta = await cp.tenantWithOwner('inv-beta');
    const link = await cp.invite(beta.token, person.email, 'developer');

    expect((await cp.acceptInvitation(link, 'a-password-for-someone-else')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await cp.acceptInvitation(link, undefined, beta.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await cp.acceptInvitation(link, 'a-password-for-someone-else', person.token)).errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'password',
    });
    expect((await cp.acceptInvitation(link, undefined, person.token)).errors).toBeUndefined();

    expect((await login(person.email, person.password, 'inv-beta')).errors).toBeUndefined();
    expect((await login(person.email, 'a-password-for-someone-else')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('works once, and not after it expires', async () => {
    const link = await cp.invite(acme.token, 'once@inv-acme.test', 'viewer');
    expect((await cp.acceptInvitation(link, 'a-long-enough-password')).errors).toBeUndefined();
    expect((await cp.acceptInvitation(link, 'a-long-enough-password')).errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND', field: 'token' });

    const late = await cp.invite(acme.token, 'late@inv-acme.test', 'viewer');
    await cp.dataSourceQuery(`UPDATE control_plane.invitations SET expires_at = now() - interval '1 second' WHERE email = 'late@inv-acme.test'`);
    expect((await cp.acceptInvitation(late, 'a-long-enough-password')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('lists pending invitations without links, and a revoked one stops working', async () => {
    const link = await cp.invite(acme.token, 'withdrawn@inv-acme.test', 'viewer');
    const listed = await cp.ok<{ invitations: { id: string; email: string; link: string | null }[] }>('{ invitations { id email link } }', {}, acme.token);
    const pending = listed.invitations.find((i) => i.email === 'withdrawn@inv-acme.test')!;
    expect(pending.link).toBeNull();
    await cp.ok('mutation($id: ID!) { revokeInvitation(id: $id) }', { id: pending.id }, acme.token);
    expect((await cp.acceptInvitation(link, 'a-long-enough-password')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const other = await cp.tenantWithOwner('inv-other');
    // Another tenant's admin cannot withdraw (or learn of) this tenant's invitations.
    const fresh = (await cp.ok<{ invitations: { id: string; email: string }[] }>('{ invitations { id email } }', {}, acme.token)).invitations[0];
    expect((await cp.gql('mutation($id: ID!) { revokeInvitation(id: $id) }', { id: fresh.id }, other.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await cp.ok<{ invitations: unknown[] }>('{ invitations { id } }', {}, other.token)).invitations).toEqual([]);
  });

  it('lets only owners invite owners', async () => {
    const admin = await cp.member(acme.token, 'inv-acme', 'admin');
    const result = await cp.gql('mutation { addMember(input: { email: "boss@inv-acme.test", role: "owner" }) { id } }', {}, admin.token);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('the CLI prints an invitation for the first owner and single-use reset links', async () => {
    const env = { DATABASE_URL: cp.db!.url, CAUSEWAY_PUBLIC_URL: cp.url };
    const created = await runTsProcess('apps/control-plane/src/cli.ts', env, [
      'tenants',
      'create',
      '--slug',
      'inv-cli',
      '--name',
      'CLI Corp',
      '--admin-email',
      'first@inv-cli.test',
    ]);
    expect(created.code).toBe(0);
    const tenant = JSON.parse(created.output.trim().split('\n').pop()!);
    expect(tenant.ownerInvitation.link).toMatch(new RegExp(`^${cp.url}/accounts/accept#invitation=cwi_`));
    expect((await cp.acceptInvitation(tenant.ownerInvitation.link, 'the-first-owner-password')).errors).toBeUndefined();
    const session = await cp.login('first@inv-cli.test', 'the-first-owner-password', 'inv-cli');

    const issued = await runTsProcess('apps/control-plane/src/cli.ts', env, ['users', 'reset-password', '--email', 'first@inv-cli.test']);
    expect(issued.code).toBe(0);
    const token = tokenOfLink(JSON.parse(issued.output.trim().split('\n').pop()!).resetLink);
    const reset = (t: string) => cp.gql('mutation($t: String!) { resetPassword(token: $t, newPassword: "a-brand-new-password") }', { t });
    expect((await reset(token)).errors).toBeUndefined();
    expect((await reset(token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await login('first@inv-cli.test', 'the-first-owner-password')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await login('first@inv-cli.test', 'a-brand-new-password', 'inv-cli')).errors).toBeUndefined();
    // The reset ended the sessions that were open before it.
    expect((await cp.gql('{ me { id } }', {}, session.accessToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  }, 60_000);

  it('serves the page links land on, with the token left in the fragment', async () => {
    const link = new URL(await cp.invite(acme.token, 'page@inv-acme.test', 'viewer'));
    const page = await fetch(`${cp.url}${link.pathname}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'nonce-/);
    expect(await page.text()).toContain('acceptInvitation(token: $t, password: $p)');
  });

  it('keeps links out of logs and events', async () => {
    const link = await cp.invite(acme.token, 'secretive@inv-acme.test', 'viewer');
    expect(cp.everythingObservable()).not.toContain(tokenOfLink(link));
  });
});

describe('invitations through a notifier', () => {
  const received: Record<string, unknown>[] = [];
  let hook: Server;
  let cp: ControlPlaneHarness;
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    cp = new ControlPlaneHarness({ config: { ACCOUNT_NOTIFIER_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/invitations` } });
    await cp.start();
    acme = await cp.tenantWithOwner('inv-hook');
  }, 60_000);

  afterAll(async () => {
    await cp.stop();
    await new Promise((resolve) => hook.close(resolve));
  }, 30_000);

  it('sends the link to the invitee only: the inviter holds nothing to probe with', async () => {
    const invited = await cp.ok<{ addMember: { link: string | null; email: string } }>(
      'mutation { addMember(input: { email: "hooked@inv-hook.test", role: "viewer" }) { email link } }',
      {},
      acme.token,
    );
    expect(invited.addMember).toEqual({ email: 'hooked@inv-hook.test', link: null });
    const message = received.find((m) => m.email === 'hooked@inv-hook.test')!;
    expect(message).toMatchObject({ kind: 'invitation', role: 'viewer', tenant: { slug: 'inv-hook' } });
    expect((await cp.acceptInvitation(String(message.link), 'the-invitees-own-password')).errors).toBeUndefined();
  });
});
