/// <reference lib="dom" />
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { ControlPlaneHarness } from '../../apps/control-plane/test/support/control-plane-harness';

/**
 * The console web app at `/` in a real headless browser (Debian's chromium): a tenant admin
 * signs in, switches tenant, connects a provider, creates a key and sees its secret once,
 * rotates and revokes it, and signs out, all without writing GraphQL. Every request that is
 * not to the control plane itself is aborted and fails the test; each page is screenshotted
 * (test-results/console-web/, not committed) and checked with axe-core.
 */
const ARTEFACTS = join(__dirname, '..', '..', 'test-results', 'console-web');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

describe('console web app in a browser', () => {
  const cp = new ControlPlaneHarness();
  let browser: Browser;
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;
  let page: Page;
  const external: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTEFACTS, { recursive: true });
    await cp.start();
    acme = await cp.tenantWithOwner('webacme');
    // The same admin also belongs to a second tenant, to switch to.
    const other = await cp.tenantWithOwner('webother');
    const link = await cp.invite(other.token, acme.owner.email, 'admin');
    const accepted = await cp.acceptInvitation(link, undefined, acme.token);
    if (accepted.errors?.length) throw new Error(JSON.stringify(accepted.errors));
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Nothing may leave the host: abort it and remember it.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.protocol === 'data:') return route.continue();
      external.push(url.href);
      return route.abort();
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await cp.stop();
  }, 30_000);

  afterEach(() => {
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  /** Screenshot as an artefact, and no serious or critical accessibility violation. */
  async function checkPage(name: string): Promise<void> {
    await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
    // Through the DevTools protocol: the page's CSP (rightly) refuses an injected <script>.
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  }

  it('serves the app from the host with a strict CSP, and keeps GraphiQL at /graphql and /console', async () => {
    const response = await fetch(`${cp.url}/`);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(await response.text()).not.toMatch(/<script>[^<]/);
    const js = await fetch(`${cp.url}/app/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${cp.url}/app/app.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${cp.url}/app/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${cp.url}/console`, { headers: { accept: 'text/html' } })).status).toBe(200);
  });

  it('refuses a wrong password with the human message, then signs in', async () => {
    await page.goto(`${cp.url}/`);
    await page.getByLabel('Email').fill(acme.owner.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByLabel('Tenant', { exact: true }).fill('webacme');
    await expect(page.getByRole('link', { name: /Sign in with webacme/ }).getAttribute('href')).resolves.toBe('/auth/oidc/webacme/start?redirect=/');
    await checkPage('sign-in');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('email or password is wrong');

    await page.getByLabel('Password').fill(acme.owner.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForSelector('#signed-in-as');
    expect(await page.textContent('#signed-in-as')).toContain(`${acme.owner.email} in webacme`);
    await page.getByRole('heading', { name: 'Connections' }).waitFor();
    await checkPage('connections-empty');
  }, 60_000);

  it('connects a provider with an API key, lists it with its status, tests it and deletes it', async () => {
    // A mode that needs the tenant's OAuth app first is shown disabled with why; a minted mode asks for its own credential.
    await page.getByRole('textbox', { name: 'Provider' }).fill('salesf');
    await page.getByRole('option', { name: /\(salesforce\)$/ }).click();
    expect(await page.getByRole('radio', { name: /web server flow/ }).isDisabled()).toBe(true);
    await page.getByText("Needs this tenant's OAuth app").waitFor();
    await page.getByRole('radio', { name: /JWT bearer/ }).check();
    await page.getByLabel('Client id').waitFor();
    await page.getByLabel('Private key (PEM)').waitFor();
    await page.getByLabel('User to act as (subject)').waitFor();
    expect(await page.getByLabel('User to act as (subject)').getAttribute('required')).not.toBeNull();
    // A Google service account is its JSON key file; the user to impersonate is optional there.
    await page.getByRole('textbox', { name: 'Provider' }).fill('google dr');
    await page.getByRole('option', { name: /\(google_drive\)$/ }).click();
    await page.getByRole('radio', { name: /service account/ }).check();
    await page.getByLabel('Service account key (JSON)').waitFor();
    expect(await page.getByLabel('Client id').count()).toBe(0);
    expect(await page.getByLabel('User to act as (subject)').getAttribute('required')).toBeNull();

    // The catalog drives the form: search the provider, pick its mode, fill what the mode asks for.
    await page.getByRole('textbox', { name: 'Provider' }).fill('circle');
    await page.getByRole('option', { name: /\(circleci\)$/ }).click();
    await page.getByRole('radio', { name: /personal_api_token/ }).check();
    await page.getByLabel('Connection name').fill('team-ci');
    await page.getByLabel('API key or token').fill('circleci-console-web-test');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Connected team-ci' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'team-ci' });
    await row.waitFor();
    expect(await row.textContent()).toContain('active');
    await checkPage('connections');

    // An end user's own connection: agents reach it with onBehalfOf.
    await page.getByLabel('Connection name').fill('customer-ci');
    await page.getByLabel('API key or token').fill('circleci-console-web-user');
    await page.getByLabel('End user (optional)').fill('customer-4711');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const userRow = page.getByRole('row').filter({ hasText: 'customer-ci' });
    await userRow.waitFor();
    expect(await userRow.textContent()).toContain('end user customer-4711');
    const stored = await cp.ok<{ connections: { edges: { node: { name: string; kind: string; externalUserRef: string | null } }[] } }>(
      '{ connections { edges { node { name kind externalUserRef } } } }',
      {},
      acme.token,
    );
    expect(stored.connections.edges.map((e) => e.node)).toContainEqual({ name: 'customer-ci', kind: 'user', externalUserRef: 'customer-4711' });
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete customer-ci' }).click();
    await userRow.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Test team-ci' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^team-ci: / })
      .waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete team-ci' }).click();
    await row.waitFor({ state: 'detached' });
    const left = await cp.ok<{ connections: { edges: unknown[] } }>('{ connections { edges { cursor } } }', {}, acme.token);
    expect(left.connections.edges).toEqual([]);
  }, 60_000);

  it('creates a key whose secret is shown once and works, rotates it and revokes it', async () => {
    await page.getByRole('button', { name: 'API keys' }).click();
    await page.getByLabel('Key name').fill('support-agent');
    await page.getByRole('textbox', { name: 'Allowed tools' }).fill('slack.*');
    await page.getByRole('textbox', { name: 'Allowed tools' }).press('Enter');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.locator('#new-key-secret').textContent()) ?? '';
    expect(secret).toMatch(/^cw_/);
    expect(await page.getByRole('button', { name: 'Copy secret' }).isVisible()).toBe(true);
    await checkPage('api-keys-secret');
    const keys = await cp.ok<{ apiKeys: { edges: { node: { name: string; allowedTools: string[]; scopes: string[] } }[] } }>(
      '{ apiKeys { edges { node { name allowedTools scopes } } } }',
      {},
      acme.token,
    );
    expect(keys.apiKeys.edges.map((e) => e.node)).toEqual([{ name: 'support-agent', allowedTools: ['slack.*'], scopes: ['call:Tool', 'read:Tool'] }]);

    // Gone once acknowledged: the list shows only the prefix.
    await page.getByRole('button', { name: 'I stored it' }).click();
    expect(await page.locator('#new-key-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('button', { name: 'Rotate support-agent' }).click();
    const rotated = (await page.locator('#new-key-secret').textContent()) ?? '';
    expect(rotated).toMatch(/^cw_/);
    expect(rotated).not.toBe(secret);
    await page.getByRole('button', { name: 'I stored it' }).click();

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke support-agent' }).click();
    await page.getByRole('row').filter({ hasText: 'support-agent' }).getByText('revoked').waitFor();
    await checkPage('api-keys');
  }, 60_000);

  it('switches tenant, survives a reload, refreshes the session, switches to dark colours and signs out', async () => {
    await page.getByLabel('Tenant to switch to').fill('webother');
    await page.getByRole('button', { name: 'Switch tenant' }).click();
    await page.waitForFunction(() => document.querySelector('#signed-in-as')?.textContent?.includes(' in webother'));
    await page.reload();
    await page.waitForFunction(() => document.querySelector('#signed-in-as')?.textContent?.includes(' in webother'));

    // An access token about to expire is refreshed in the background: new tokens, still signed in.
    const before = await page.evaluate(() => window.sessionStorage.getItem('causeway.accessToken'));
    await page.evaluate(() => window.sessionStorage.setItem('causeway.accessTokenExpiresAt', new Date().toISOString()));
    await page.reload();
    await page.waitForFunction(
      (old) => {
        const now = window.sessionStorage.getItem('causeway.accessToken');
        return now && now !== old;
      },
      before,
      { timeout: 15_000 },
    );
    await page.getByRole('button', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    expect(await page.textContent('#signed-in-as')).toContain(' in webother');

    await page.getByRole('button', { name: 'Use dark colours' }).click();
    expect(await page.getAttribute('html', 'data-mantine-color-scheme')).toBe('dark');
    await checkPage('connections-dark');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Causeway' }).waitFor();
    expect(await page.evaluate(() => window.sessionStorage.getItem('causeway.accessToken'))).toBeNull();
    await checkPage('sign-in-dark');
  }, 60_000);
});
