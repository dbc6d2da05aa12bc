/// <reference lib="dom" />
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { eventually, freePort, startServiceProcess, type ServiceProcess } from '@causeway/testing';

/**
 * The console's admin pages in a real headless browser (Debian's chromium) against the
 * embedded default, as `npm start` runs it: the demo admin (an operator and the demo tenant's
 * owner) manages people, custom roles, policies and tenants, and reads a key's usage as charts,
 * all without writing GraphQL. Each change made in the UI is checked through the API. Every
 * request not to the host is aborted and fails the test; each page is screenshotted
 * (test-results/console-admin/, not committed) and checked with axe-core.
 */
const ARTEFACTS = join(__dirname, '..', '..', 'test-results', 'console-admin');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}
interface Demo {
  admin: { email: string; password: string };
  apiKey: { key: string };
}
interface GqlAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

describe('console admin pages in a browser, against the embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'causeway-console-admin-'));
  let proc: ServiceProcess;
  let urls: { controlPlane: string; dataPlane: string };
  let demo: Demo;
  let token: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const external: string[] = [];
  const pageErrors: string[] = [];

  async function gql<T>(query: string, variables: Record<string, unknown> = {}, bearer: string | null = token): Promise<GqlAnswer<T>> {
    const response = await fetch(`${urls.controlPlane}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GqlAnswer<T>;
  }
  async function ok<T>(query: string, variables: Record<string, unknown> = {}, bearer: string | null = token): Promise<T> {
    const answer = await gql<T>(query, variables, bearer);
    if (answer.errors?.length || !answer.data) throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors)}`);
    return answer.data;
  }
  async function login(email: string, password: string, tenant: string | null): Promise<string> {
    const data = await ok<{ login: { accessToken: string } }>(
      'mutation($e: String!, $p: String!, $t: String) { login(email: $e, password: $p, tenant: $t) { accessToken } }',
      { e: email, p: password, t: tenant },
      null,
    );
    return data.login.accessToken;
  }

  async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
    context = await browser.newContext({ viewport });
    // Nothing may leave the host: abort it and remember it.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.protocol === 'data:') return route.continue();
      external.push(url.href);
      return route.abort();
    });
    const opened = await context.newPage();
    opened.setDefaultTimeout(15_000);
    opened.on('pageerror', (error) => pageErrors.push(error.message));
    return opened;
  }

  async function signIn(on: Page, email: string, password: string, tenant: string): Promise<void> {
    await on.goto(`${urls.controlPlane}/`);
    await on.getByLabel('Email').fill(email);
    await on.getByLabel('Password').fill(password);
    await on.getByLabel('Tenant', { exact: true }).fill(tenant);
    await on.getByRole('button', { name: 'Sign in', exact: true }).click();
    await on.waitForSelector('#signed-in-as');
  }

  /** Screenshot as an artefact, and no serious or critical accessibility violation. */
  async function checkPage(name: string, on: Page = page): Promise<void> {
    await on.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
    // Through the DevTools protocol: the page's CSP (rightly) refuses an injected <script>.
    if (!(await on.evaluate(() => 'axe' in window))) await on.evaluate(AXE);
    const violations = await on.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  }

  /** Answers the page's confirm dialog with its named action. */
  async function confirmWith(label: string): Promise<void> {
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: label }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  async function openSection(name: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('button', { name, exact: true }).click();
    await page.getByRole('heading', { name, level: 2 }).waitFor();
  }

  beforeAll(async () => {
    mkdirSync(ARTEFACTS, { recursive: true });
    // PGlite cannot load inside Jest's VM: the embedded default runs as its own process, as `npm start` does.
    const ports = { cp: await freePort(), dp: await freePort(), audit: await freePort() };
    proc = startServiceProcess('embedded', {
      CAUSEWAY_DATA_DIR: dataDir,
      CONTROL_PLANE_PORT: String(ports.cp),
      DATA_PLANE_PORT: String(ports.dp),
      AUDIT_PORT: String(ports.audit),
      LOG_LEVEL: 'warn',
    });
    await eventually(() => (proc.output().includes('Causeway is running') ? true : undefined), { timeoutMs: 120_000, what: 'the embedded default' });
    demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as Demo;
    urls = { controlPlane: `http://127.0.0.1:${ports.cp}`, dataPlane: `http://127.0.0.1:${ports.dp}` };
    token = await login(demo.admin.email, demo.admin.password, 'demo');

    // An agent's call with the demo key, so its usage has something to chart.
    const call = await fetch(`${urls.dataPlane}/v1/actions/slack.post_message`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.apiKey.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { channel: 'C0ENG000001', text: 'for the usage chart' } }),
    });
    if (call.status !== 200) throw new Error(`the demo call answered ${call.status}: ${await call.text()}`);

    browser = await launchChromium();
    page = await newPage();
    await signIn(page, demo.admin.email, demo.admin.password, 'demo');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await proc?.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  afterEach(() => {
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("charts a key's calls, errors and cost units per day, with the same numbers as a table", async () => {
    const keys = await ok<{ apiKeys: { edges: { node: { id: string; name: string } }[] } }>('{ apiKeys { edges { node { id name } } } }');
    const demoKey = keys.apiKeys.edges[0].node;
    const today = new Date().toISOString().slice(0, 10);
    // The trail is written asynchronously: wait until the API counts the call, then read the page.
    await eventually(
      async () => {
        const usage = await ok<{ apiKeyUsage: { day: string; calls: number }[] }>('query($k: ID!) { apiKeyUsage(keyId: $k, days: 7) { day calls } }', {
          k: demoKey.id,
        });
        return usage.apiKeyUsage.find((d) => d.day === today && d.calls >= 1);
      },
      { timeoutMs: 20_000, what: "the demo call in the key's usage" },
    );

    await openSection('API keys');
    await page.getByRole('textbox', { name: 'Key to chart' }).click();
    await page.getByRole('option', { name: demoKey.name, exact: true }).click();
    const table = page.getByRole('table', { name: `Usage of ${demoKey.name} per day` });
    const todayRow = table.getByRole('row').filter({ hasText: today });
    await todayRow.waitFor();
    // Day, calls, errors, refused, cost units: one call, no error.
    const cells = await todayRow.getByRole('cell').allTextContents();
    expect(Number(cells[1])).toBeGreaterThanOrEqual(1);
    expect(cells[2]).toBe('0');
    // 14 days by default, oldest first, zeros included.
    expect(await table.getByRole('row').count()).toBe(1 + 14);
    expect(await page.getByRole('img', { name: `Calls and errors per day of ${demoKey.name}; the table below has the numbers` }).count()).toBe(1);
    expect(await page.getByRole('img', { name: `Cost units per day of ${demoKey.name}; the table below has the numbers` }).count()).toBe(1);
    await checkPage('usage');
    // In dark colours too (the charts take the scheme's ink), then back.
    await page.getByRole('button', { name: 'Use dark colours' }).click();
    expect(await page.getAttribute('html', 'data-mantine-color-scheme')).toBe('dark');
    await checkPage('usage-dark');
    await page.getByRole('button', { name: 'Use light colours' }).click();
  }, 60_000);

  it('invites a person with a role and shows the link once, revokes an invitation, changes a role and removes a member', async () => {
    await openSection('People');
    const invitee = `invitee-${randomBytes(3).toString('hex')}@demo.test`;
    await page.getByLabel('Email to invite').fill(invitee);
    await page.getByRole('textbox', { name: 'Role to give' }).click();
    await page.getByRole('option', { name: 'auditor', exact: true }).click();
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const link = (await page.locator('#invitation-link').textContent()) ?? '';
    expect(link).toContain('#invitation=');
    await page.getByRole('row').filter({ hasText: invitee }).waitFor();
    const pending = await ok<{ invitations: { email: string; role: string }[] }>('{ invitations { email role } }');
    expect(pending.invitations).toContainEqual({ email: invitee, role: 'auditor' });
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.content()).not.toContain(link);

    await page.getByRole('button', { name: `Revoke the invitation of ${invitee}` }).click();
    await confirmWith('Revoke invitation');
    await page.getByRole('row').filter({ hasText: invitee }).waitFor({ state: 'detached' });
    expect((await ok<{ invitations: { email: string }[] }>('{ invitations { email } }')).invitations.map((i) => i.email)).not.toContain(invitee);
    // The revoked link no longer lets anyone in.
    const revokedLink = await gql(
      'mutation($t: String!) { acceptInvitation(token: $t, password: "a-long-enough-password") { accessToken } }',
      {
        t: new URLSearchParams(new URL(link).hash.slice(1)).get('invitation'),
      },
      null,
    );
    expect(revokedLink.errors?.length).toBeGreaterThan(0);

    // A member who joined (through the API), whose role the admin changes, then removes.
    const member = await addMember('developer');
    await page.reload();
    await page.waitForSelector('#signed-in-as');
    await openSection('People');
    await page.getByRole('textbox', { name: `Role of ${member.email}` }).click();
    await page.getByRole('option', { name: 'viewer', exact: true }).click();
    await eventually(async () => ((await roleOf(member.email)) === 'viewer' ? true : undefined), { timeoutMs: 10_000, what: 'the new role' });
    await checkPage('people');

    await page.getByRole('button', { name: `Remove ${member.email}` }).click();
    await confirmWith('Remove member');
    await page.getByRole('row').filter({ hasText: member.email }).waitFor({ state: 'detached' });
    expect(await roleOf(member.email)).toBeUndefined();
  }, 90_000);

  it('creates a custom role from the permission matrix, edits its permissions and deletes it', async () => {
    await openSection('Roles');
    await page.getByRole('button', { name: 'New custom role' }).click();
    await page.getByLabel('Role name').fill('support-reader');
    // The matrix offers only what the API accepts: no `call` on Connection, say.
    const matrix = page.getByRole('table', { name: 'Permission matrix' });
    expect(await matrix.getByRole('checkbox', { name: 'call:Connection' }).count()).toBe(0);
    for (const permission of ['read:Connection', 'read:Tool', 'call:Tool']) await matrix.getByRole('checkbox', { name: permission }).check();
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.getByRole('row').filter({ hasText: 'support-reader' }).waitFor();
    expect(await customRole('support-reader')).toEqual(['call:Tool', 'read:Connection', 'read:Tool']);

    await page.getByRole('button', { name: 'Edit support-reader' }).click();
    await matrix.getByRole('checkbox', { name: 'read:Connection' }).uncheck();
    await matrix.getByRole('checkbox', { name: 'read:ApiKey' }).check();
    await checkPage('roles');
    await page.getByRole('button', { name: 'Save permissions' }).click();
    await matrix.waitFor({ state: 'detached' });
    expect(await customRole('support-reader')).toEqual(['call:Tool', 'read:ApiKey', 'read:Tool']);

    await page.getByRole('button', { name: 'Delete support-reader' }).click();
    await confirmWith('Delete role');
    await page.getByRole('row').filter({ hasText: 'support-reader' }).waitFor({ state: 'detached' });
    expect(await customRole('support-reader')).toBeUndefined();
  }, 60_000);

  it('sets tool access, approval rules, a budget and progressive trust, each saved on its own', async () => {
    await openSection('Policies');
    const deniedTools = page.getByRole('textbox', { name: 'Denied tools' });
    await deniedTools.fill('jira.delete_issue');
    await deniedTools.press('Enter');
    await page.getByRole('button', { name: 'Save tool access' }).click();
    await page.getByRole('status').filter({ hasText: 'Tool access saved.' }).waitFor();
    expect((await ok<{ tenantPolicy: { deniedTools: string[] } }>('{ tenantPolicy { deniedTools } }')).tenantPolicy.deniedTools).toEqual(['jira.delete_issue']);

    const toolsHeld = page.getByRole('textbox', { name: 'Tools held' });
    await toolsHeld.fill('slack.post_message');
    await toolsHeld.press('Enter');
    await page.getByRole('button', { name: 'Save approval rules' }).click();
    await page.getByRole('status').filter({ hasText: 'Approval rules saved.' }).waitFor();

    await page.getByRole('textbox', { name: 'Budget key' }).click();
    await page.getByRole('option').first().click();
    await page.getByLabel('Budget tool').fill('slack.post_message');
    await page.getByLabel('Calls per day').fill('100');
    await page.getByRole('button', { name: 'Add budget' }).click();
    await page.getByRole('status').filter({ hasText: 'Budget saved.' }).waitFor();

    await page.getByLabel('Keys earn trust').check();
    await page.getByLabel('Approved successes needed').fill('3');
    await page.getByLabel('Within days, with no incident').fill('7');
    await page.getByRole('button', { name: 'Save progressive trust' }).click();
    await page.getByRole('status').filter({ hasText: 'Progressive trust saved.' }).waitFor();
    await page.getByRole('table', { name: 'Budgets' }).waitFor();
    await checkPage('policies');

    // Each part saved on top of the others: all of them are in the policy.
    const policy = await approvalPolicy();
    expect(policy.requireApproval).toEqual({ sideEffects: ['destructive'], connectors: [], tools: ['slack.post_message'], keys: [], roles: [] });
    expect(policy.budgets).toEqual([{ keyId: expect.any(String), tool: 'slack.post_message', callsPerDay: 100, costUnitsPerDay: null }]);
    expect(policy.graduation).toEqual({ successes: 3, windowDays: 7 });

    // The same page at a tablet's width, then a budget deleted.
    await page.setViewportSize({ width: 768, height: 1024 });
    await checkPage('policies-tablet');
    const budgetRow = page.getByRole('table', { name: 'Budgets' }).getByRole('row').filter({ hasText: 'slack.post_message' });
    await budgetRow.getByRole('button', { name: /^Delete the budget for / }).click();
    await confirmWith('Delete budget');
    await page.getByRole('status').filter({ hasText: 'Budget deletion saved.' }).waitFor();
    const after = await approvalPolicy();
    expect(after.budgets).toEqual([]);
    expect(after.graduation).toEqual({ successes: 3, windowDays: 7 });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Notifications: a webhook (its secret write-only) and the demo Slack channel, then the webhook turned off.
    await page.getByLabel('Webhook URL').fill('https://hooks.example.com/causeway-approvals');
    await page.getByLabel('Webhook signing secret').fill('whsec-console-admin-0123456789abcdef');
    await page.getByRole('textbox', { name: 'Slack connection' }).click();
    await page.getByRole('option').first().click();
    await page.getByLabel('Slack channel').fill('C0ENG000001');
    await page.getByRole('button', { name: 'Save notifications' }).click();
    await page.getByRole('status').filter({ hasText: 'Notifications saved.' }).waitFor();
    const notified = await approvalPolicy();
    expect(notified).toMatchObject({ webhookUrl: 'https://hooks.example.com/causeway-approvals', webhookSecretSet: true, slack: { channel: 'C0ENG000001' } });
    expect(await page.getByLabel('Webhook signing secret').inputValue()).toBe('');
    await page.getByLabel('Webhook URL').fill('');
    await page.getByRole('button', { name: 'Save notifications' }).click();
    await page.getByRole('status').filter({ hasText: 'Notifications saved.' }).waitFor();
    await eventually(async () => ((await approvalPolicy()).webhookUrl === null ? true : undefined), { timeoutMs: 5_000, what: 'the webhook turned off' });
    const after2 = await approvalPolicy();
    expect(after2.slack).toEqual({ connectionId: expect.any(String), channel: 'C0ENG000001' });
    expect(after2.graduation).toEqual({ successes: 3, windowDays: 7 });
  }, 90_000);

  it("shows a key's earned trust per tool, as the next call meets it", async () => {
    // The policies set above hold slack.post_message and graduate after 3 approved successes.
    const keys = await ok<{ apiKeys: { edges: { node: { id: string; name: string } }[] } }>('{ apiKeys { edges { node { id name } } } }');
    const demoKey = keys.apiKeys.edges[0].node;
    const body = JSON.stringify({ input: { channel: 'C0ENG000001', text: 'held for a person' } });
    const post = (headers: Record<string, string> = {}) =>
      fetch(`${urls.dataPlane}/v1/actions/slack.post_message`, {
        method: 'POST',
        headers: { authorization: `Bearer ${demo.apiKey.key}`, 'content-type': 'application/json', ...headers },
        body,
      });
    // The data plane applies the policy from the config stream: wait until the call is held.
    const approvalId = await eventually(
      async () => {
        const answer = await post();
        return answer.status === 202 ? ((await answer.json()) as { approval: { id: string } }).approval.id : undefined;
      },
      { timeoutMs: 15_000, what: 'the call held for approval' },
    );
    // Separation of duties: the key's creator may not approve its calls; another admin does.
    const approver = await addMember('admin');
    const approverToken = await login(approver.email, approver.password, 'demo');
    await ok('mutation($id: ID!) { approveAction(id: $id, note: "fine") { id } }', { id: approvalId }, approverToken);
    expect((await post({ 'approval-id': approvalId })).status).toBe(200);

    const trust = await ok<{ keyTrust: { tool: string; graduated: boolean; approvedSuccesses: number | null }[] }>(
      'query($k: ID!) { keyTrust(keyId: $k) { tool graduated approvedSuccesses } }',
      { k: demoKey.id },
    );
    expect(trust.keyTrust).toEqual([{ tool: 'slack.post_message', graduated: false, approvedSuccesses: 1 }]);

    await openSection('API keys');
    await openSection('Policies');
    await page.getByRole('textbox', { name: 'Key to inspect' }).click();
    await page.getByRole('option', { name: demoKey.name, exact: true }).click();
    const row = page
      .getByRole('table', { name: `Earned trust of ${demoKey.name}` })
      .getByRole('row')
      .filter({ hasText: 'slack.post_message' });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(['slack.post_message', 'needs approval', '1 of 3', 'none']);
    await checkPage('policies-trust');
  }, 90_000);

  it('shows the tenants to an operator, who creates one; a viewer sees no tenant page and no controls it may not use', async () => {
    await openSection('Tenants');
    await page.getByLabel('Tenant slug').fill('console-made');
    await page.getByLabel('Tenant name').fill('Made in the console');
    await page.getByLabel("First owner's email").fill('owner@console-made.test');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    expect((await page.locator('#owner-invitation-link').textContent()) ?? '').toContain('#invitation=');
    await page.getByRole('row').filter({ hasText: 'console-made' }).waitFor();
    const tenants = await ok<{ tenants: { edges: { node: { slug: string; name: string } }[] } }>('{ tenants(first: 100) { edges { node { slug name } } } }');
    expect(tenants.tenants.edges.map((e) => e.node)).toContainEqual({ slug: 'console-made', name: 'Made in the console' });
    // A bad slug is refused with the server's words, not a blank page.
    await page.getByLabel('Tenant slug').fill('Not A Slug');
    await page.getByLabel('Tenant name').fill('x');
    await page.getByLabel("First owner's email").fill('x@x.test');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByRole('alert').filter({ hasText: /slug/ }).waitFor();
    await checkPage('tenants');

    const member = await addMember('viewer');
    const memberPage = await newPage();
    await signIn(memberPage, member.email, member.password, 'demo');
    await memberPage.getByRole('heading', { name: 'Connections', level: 2 }).waitFor();
    const nav = memberPage.getByRole('navigation', { name: 'Console sections' });
    expect(await nav.getByRole('button', { name: 'Tenants', exact: true }).count()).toBe(0);
    // A viewer reads people and policies, but is offered no invitation and no save.
    await nav.getByRole('button', { name: 'People', exact: true }).click();
    await memberPage.getByRole('table', { name: 'Members' }).getByRole('row').filter({ hasText: demo.admin.email }).waitFor();
    expect(await memberPage.getByRole('button', { name: 'Invite', exact: true }).count()).toBe(0);
    await nav.getByRole('button', { name: 'Policies', exact: true }).click();
    await memberPage.getByRole('button', { name: 'Save tool access' }).waitFor();
    expect(await memberPage.getByRole('button', { name: 'Save tool access' }).isDisabled()).toBe(true);
    expect(await memberPage.getByRole('textbox', { name: 'Denied tools' }).isDisabled()).toBe(true);
    await memberPage.close();
  }, 90_000);

  async function addMember(role: string): Promise<{ email: string; password: string }> {
    const email = `${role}-${randomBytes(3).toString('hex')}@demo.test`;
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const invited = await ok<{ addMember: { link: string } }>('mutation($i: AddMemberInput!) { addMember(input: $i) { link } }', { i: { email, role } });
    const invitation = new URLSearchParams(new URL(invited.addMember.link).hash.slice(1)).get('invitation');
    await ok('mutation($t: String!, $p: String) { acceptInvitation(token: $t, password: $p) { accessToken } }', { t: invitation, p: password }, null);
    return { email, password };
  }

  async function roleOf(email: string): Promise<string | undefined> {
    const users = await ok<{ users: { edges: { node: { email: string; role: { name: string } } }[] } }>(
      '{ users(first: 100) { edges { node { email role { name } } } } }',
    );
    return users.users.edges.find((e) => e.node.email === email)?.node.role.name;
  }

  async function customRole(name: string): Promise<string[] | undefined> {
    const roles = await ok<{ roles: { name: string; permissions: string[] }[] }>('{ roles { name permissions } }');
    return roles.roles.find((r) => r.name === name)?.permissions;
  }

  async function approvalPolicy() {
    const data = await ok<{
      approvalPolicy: {
        requireApproval: Record<string, string[]>;
        budgets: { keyId: string | null; tool: string | null; callsPerDay: number | null; costUnitsPerDay: number | null }[];
        graduation: { successes: number; windowDays: number } | null;
        webhookUrl: string | null;
        webhookSecretSet: boolean;
        slack: { connectionId: string; channel: string } | null;
      };
    }>(
      '{ approvalPolicy { requireApproval { sideEffects connectors tools keys roles } budgets { keyId tool callsPerDay costUnitsPerDay } graduation { successes windowDays } webhookUrl webhookSecretSet slack { connectionId channel } } }',
    );
    return data.approvalPolicy;
  }
});
