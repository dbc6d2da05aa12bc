/// <reference lib="dom" />
import { type Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { ControlPlaneHarness } from '../../apps/control-plane/test/support/control-plane-harness';

/**
 * The GraphQL console in a real headless browser (Debian's chromium; no browser download):
 * `GET /graphql` opens GraphiQL from local assets, the sign-in bar gets a session, and a
 * query run in GraphiQL shows the signed-in admin's data on the page.
 */
describe('GraphQL console in a browser', () => {
  const cp = new ControlPlaneHarness();
  let browser: Browser;
  let acme: Awaited<ReturnType<ControlPlaneHarness['tenantWithOwner']>>;

  beforeAll(async () => {
    await cp.start();
    acme = await cp.tenantWithOwner('console');
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await cp.stop();
  });

  it('signs in, runs a query and shows the answer on the page, loading nothing from outside', async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    const pageErrors: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(cp.url)) external.push(request.url());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${cp.url}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 20_000 });
    await page.fill('#email', acme.owner.email);
    await page.fill('#password', acme.owner.password);
    await page.fill('#tenant', 'console');
    await page.click('#sign-in-button');
    await page.waitForFunction(() => document.querySelector('#session')?.textContent?.startsWith('Signed in as'), null, { timeout: 10_000 });
    expect(await page.textContent('#session')).toBe(`Signed in as ${acme.owner.email} in console (owner)`);

    await page.click('.graphiql-execute-button');
    await page.waitForFunction((email) => document.querySelector('.graphiql-response')?.textContent?.includes(email), acme.owner.email, { timeout: 10_000 });
    const response = (await page.textContent('.graphiql-response')) ?? '';
    expect(response).toContain('"slug": "console"');
    expect(response).toContain('"role": "owner"');
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('opens an invitation link, creates the account with the chosen password and lands in the console app signed in', async () => {
    const link = await cp.invite(acme.token, 'invited@console.test', 'viewer');
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(link);
    // The token leaves the address bar at once.
    expect(page.url()).toBe(`${cp.url}/accounts/accept`);
    await page.fill('#password', 'the-invitees-own-password');
    await page.click('#submit');
    await page.waitForURL(`${cp.url}/`, { timeout: 10_000 });
    expect(await page.evaluate(() => window.sessionStorage.getItem('causeway.accessToken'))).toBeTruthy();
    expect(Date.parse((await page.evaluate(() => window.sessionStorage.getItem('causeway.accessTokenExpiresAt'))) ?? '')).toBeGreaterThan(Date.now());
    await page.waitForSelector('#signed-in-as', { timeout: 10_000 });
    expect(await page.textContent('#signed-in-as')).toContain('invited@console.test');
    expect((await cp.login('invited@console.test', 'the-invitees-own-password', 'console')).accessToken).toBeTruthy();
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('shows a refused sign-in without leaving the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${cp.url}/graphql`);
    await page.fill('#email', acme.owner.email);
    await page.fill('#password', 'not-the-password');
    await page.click('#sign-in-button');
    await page.waitForSelector('#session.error');
    expect(await page.textContent('#session')).toBe('email or password is wrong');
  }, 30_000);
});
