/// <reference lib="dom" />
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { eventually } from '@causeway/testing';
import { startEmbeddedProcess, type EmbeddedProcess } from '../support/embedded-process';

/**
 * The new admin's walkthrough of docs/console.md on the embedded default (`npm start`), in a
 * real headless browser and only through the web app: connect Slack to its bundled simulator
 * through the OAuth consent page, create a key for an agent and read its secret from the page;
 * the agent (a plain HTTP client with that key) makes a destructive call that the default
 * approval policy holds; a colleague sees it appear in the approvals inbox without a reload,
 * reads its exact input and approves it; the agent's call completes; the call is found in the
 * audit explorer and "Verify chain" says verified, with the signed checkpoint. Every request
 * that leaves the host is aborted and fails the test; each new page is screenshotted
 * (test-results/console-web/) and checked with axe-core.
 */
const ARTEFACTS = join(__dirname, '..', '..', 'test-results', 'console-web');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

describe('console: a held agent call approved and found in the verified audit trail', () => {
  let embedded: EmbeddedProcess;
  let browser: Browser;
  let admin: Page;
  let colleague: Page;
  const colleagueAccount = { email: 'approver@demo.causeway.local', password: `pw-${Date.now().toString(36)}-approver` };
  const external: string[] = [];
  const pageErrors: string[] = [];
  // Carried from step to step, as the admin would carry them.
  let agentKey = '';
  let connectionId = '';
  let approvalId = '';
  let heldInput: { channel: string; ts: string } = { channel: '', ts: '' };

  const gql = async <T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> => {
    const response = await fetch(`${embedded.controlPlaneUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  /** The agent: a plain HTTP client holding the key the admin copied from the page. */
  const agentCall = async (tool: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await fetch(`${embedded.dataPlaneUrl}/v1/actions/${tool}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agentKey}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted field by field
  };

  /** Slack lets about one message a second through per channel: the agent retries a paced post after retryAfterMs. */
  async function postPaced(text: string) {
    for (let tries = 1; ; tries += 1) {
      const result = await agentCall('slack.post_message', { connectionId, input: { channel: 'C0GENERAL01', text } });
      if (result.status !== 429 || tries >= 10) {
        expect(result.status).toBe(200);
        return result;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, Number(result.body.error?.retryAfterMs ?? 1000))));
    }
  }

  async function newPage(context: BrowserContext): Promise<Page> {
    // Nothing may leave the host: abort it and remember it.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.protocol === 'data:') return route.continue();
      external.push(url.href);
      return route.abort();
    });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${embedded.controlPlaneUrl}/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByLabel('Tenant', { exact: true }).fill('demo');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForSelector('#signed-in-as');
  }

  beforeAll(async () => {
    mkdirSync(ARTEFACTS, { recursive: true });
    embedded = await startEmbeddedProcess({ name: 'console-approvals' });
    // A colleague to approve: nobody may approve a call made through a key they created (docs/approvals.md).
    const owner = await gql<{ login: { accessToken: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p, tenant: "demo") { accessToken } }',
      { e: embedded.demo.admin.email, p: embedded.demo.admin.password },
    );
    const invited = await gql<{ addMember: { link: string } }>(
      'mutation($i: AddMemberInput!) { addMember(input: $i) { link } }',
      { i: { email: colleagueAccount.email, role: 'admin' } },
      owner.login.accessToken,
    );
    const token = new URLSearchParams(new URL(invited.addMember.link).hash.slice(1)).values().next().value ?? '';
    await gql('mutation($t: String!, $p: String) { acceptInvitation(token: $t, password: $p) { accessToken } }', { t: token, p: colleagueAccount.password });

    browser = await launchChromium();
    admin = await newPage(await browser.newContext({ viewport: { width: 1280, height: 900 } }));
    colleague = await newPage(await browser.newContext({ viewport: { width: 1280, height: 900 } }));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await embedded?.stop();
  }, 60_000);

  afterEach(() => {
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  /** Screenshot as an artefact, and no serious or critical accessibility violation. */
  async function checkPage(page: Page, name: string): Promise<void> {
    // axe judges the page at rest: not a button still hovered after the last click, nor one mid-transition.
    await page.mouse.move(0, 0);
    await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
    await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  }

  it('1. connects Slack to its simulator through the OAuth consent page', async () => {
    await signIn(admin, embedded.demo.admin.email, embedded.demo.admin.password);
    await admin.getByRole('heading', { name: 'Connections' }).waitFor();
    // The bundled simulator's address, where docs/console.md tells the admin to look.
    const simulatorPorts = JSON.parse(readFileSync(join(embedded.dataDir, 'demo-connections.json'), 'utf8')).ports as Record<string, number>;

    await admin.getByRole('textbox', { name: 'Provider' }).fill('slack');
    await admin.getByRole('option', { name: 'Slack (slack)' }).click();
    await admin.getByLabel('Connection name').fill('team slack');
    await admin
      .getByRole('radio', { name: /consent page/ })
      .first()
      .check();
    // The consent page asks for what the catalog's Slack tools need.
    expect(await admin.getByText('chat:write', { exact: true }).count()).toBeGreaterThan(0);
    await admin.getByLabel('API server URL (optional)').fill(`http://127.0.0.1:${simulatorPorts.slack}/api`);
    await checkPage(admin, 'connections-connect-slack');
    await admin.getByRole('button', { name: 'Continue to the provider' }).click();

    // Out to the simulator's consent page, which approves at once, and back to the control plane.
    await admin
      .getByText('connection "team slack" is ready')
      .waitFor({ timeout: 60_000 })
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\nat ${admin.url()}: ${(await admin.content()).slice(0, 2000)}`);
      });
    await admin.getByRole('link', { name: 'Back to the console' }).click();
    const row = admin.getByRole('row').filter({ hasText: 'team slack' });
    await row.waitFor();
    expect(await row.textContent()).toContain('active');
    connectionId = (await row.locator('.connection-id').textContent()) ?? '';
    expect(connectionId).toMatch(/^[0-9a-f-]{36}$/);
  }, 150_000);

  it('2. creates a key for the agent and reads its secret from the page', async () => {
    await admin.getByRole('button', { name: 'API keys' }).click();
    await admin.getByLabel('Key name').fill('support-agent');
    await admin.getByRole('textbox', { name: 'Allowed tools' }).fill('slack.*');
    await admin.getByRole('textbox', { name: 'Allowed tools' }).press('Enter');
    await admin.getByRole('button', { name: 'Create key' }).click();
    agentKey = (await admin.locator('#new-key-secret').textContent()) ?? '';
    expect(agentKey).toMatch(/^cw_/);
    await admin.getByRole('button', { name: 'I stored it' }).click();
    // The data plane learns of the key within a moment.
    await eventually(
      async () => ((await fetch(`${embedded.dataPlaneUrl}/v1/tools`, { headers: { authorization: `Bearer ${agentKey}` } })).status === 200 ? true : undefined),
      { what: 'the new key in the data plane', timeoutMs: 20_000 },
    );
  }, 60_000);

  it("3. holds the agent's destructive call; a colleague sees it appear in the inbox without a reload, with its exact input", async () => {
    await signIn(colleague, colleagueAccount.email, colleagueAccount.password);
    await colleague.getByRole('button', { name: 'Approvals' }).click();
    await colleague.getByText('No calls are waiting for a decision').waitFor();

    // The agent posts a message (not held), then deletes it: destructive, held by the default policy.
    const posted = await postPaced('posted by mistake');
    heldInput = { channel: 'C0GENERAL01', ts: String(posted.body.data.ts) };
    const held = await agentCall('slack.delete_message', { connectionId, input: heldInput });
    expect(held.status).toBe(202);
    expect(held.body.approval.status).toBe('pending');
    approvalId = held.body.approval.id;

    // No reload: the inbox asks again by itself.
    const card = colleague.getByRole('article', { name: 'Held call slack.delete_message' });
    await card.waitFor({ timeout: 15_000 });
    const inputTable = card.getByRole('table', { name: 'Input of slack.delete_message' });
    expect(await inputTable.getByRole('row').filter({ hasText: 'channel' }).textContent()).toContain('C0GENERAL01');
    expect(await inputTable.getByRole('row').filter({ hasText: 'ts' }).textContent()).toContain(heldInput.ts);
    expect(await card.textContent()).toContain('support-agent');
    await card.getByRole('switch', { name: 'Show raw JSON' }).click();
    expect(JSON.parse((await card.getByLabel('Input as JSON').textContent()) ?? '')).toEqual(heldInput);
    await checkPage(colleague, 'approvals');
  }, 90_000);

  it("4. approves it with a note after confirming; the agent's call then completes and the history shows the decision", async () => {
    await colleague.getByRole('button', { name: 'Approve slack.delete_message from support-agent' }).click();
    const dialog = colleague.getByRole('dialog');
    await dialog.getByLabel('Note (optional)').fill('removing the mistaken post');
    await dialog.getByRole('button', { name: 'Approve the call' }).click();
    await colleague.getByRole('status').filter({ hasText: 'Approved slack.delete_message from support-agent' }).waitFor();

    const done = await agentCall('slack.delete_message', { connectionId, input: heldInput }, { 'Approval-Id': approvalId });
    expect(done.status).toBe(200);
    expect(done.body.data).toMatchObject({ ok: true, ts: heldInput.ts });

    await colleague.getByRole('tab', { name: 'History' }).click();
    const decided = colleague.getByRole('row').filter({ hasText: 'slack.delete_message' });
    await decided.filter({ hasText: 'executed' }).waitFor({ timeout: 15_000 });
    const text = (await decided.textContent()) ?? '';
    expect(text).toContain(colleagueAccount.email);
    expect(text).toContain('removing the mistaken post');
    await checkPage(colleague, 'approvals-history');
  }, 60_000);

  it("5. refuses the key's creator the decision with the server's reason; the colleague rejects with a reason and the agent is told", async () => {
    const posted = await postPaced('posted twice');
    const input = { channel: 'C0GENERAL01', ts: String(posted.body.data.ts) };
    const held = await agentCall('slack.delete_message', { connectionId, input });
    expect(held.status).toBe(202);

    await admin.getByRole('button', { name: 'Approvals' }).click();
    await admin.getByRole('article', { name: 'Held call slack.delete_message' }).waitFor();
    await admin.getByRole('button', { name: 'Approve slack.delete_message from support-agent' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Approve the call' }).click();
    const refusal = admin.getByRole('dialog').getByRole('alert');
    await refusal.waitFor();
    expect(((await refusal.textContent()) ?? '').length).toBeGreaterThan(10);
    await admin.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    await colleague.getByRole('tab', { name: 'Pending' }).click();
    await colleague.getByRole('button', { name: 'Reject slack.delete_message from support-agent' }).click();
    await colleague.getByRole('dialog').getByLabel('Reason (optional)').fill('keep this one');
    await colleague.getByRole('dialog').getByRole('button', { name: 'Reject the call' }).click();
    await colleague.getByRole('status').filter({ hasText: 'Rejected slack.delete_message from support-agent' }).waitFor();

    const refused = await agentCall('slack.delete_message', { connectionId, input }, { 'Approval-Id': held.body.approval.id });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('approval_rejected');
    await colleague.getByRole('tab', { name: 'History' }).click();
    await colleague.getByRole('row').filter({ hasText: 'keep this one' }).filter({ hasText: 'rejected' }).waitFor();
  }, 90_000);

  it('6. finds the call in the audit explorer, opens it, and verifies the chain with its signed checkpoint', async () => {
    await admin.getByRole('button', { name: 'Audit trail' }).click();
    await admin.getByLabel('Tool').fill('slack.delete_message');
    await admin.getByRole('button', { name: 'Search' }).click();
    // The approved execution reaches the audit store within a moment of the call. The page's
    // first, unfiltered list holds it too: wait for the search's answer, which holds no other tool.
    const executed = admin.getByRole('row').filter({ hasText: 'approval.executed' });
    const otherTool = admin.getByRole('row').filter({ hasText: 'slack.post_message' });
    await eventually(
      async () => {
        if ((await executed.count()) > 0 && (await otherTool.count()) === 0) return true;
        await admin.getByRole('button', { name: 'Refresh' }).click();
        return undefined;
      },
      { what: 'approval.executed in the audit explorer', timeoutMs: 30_000, intervalMs: 1000 },
    );
    const rows = (await admin.getByRole('table', { name: 'Audit events' }).textContent()) ?? '';
    expect(rows).toContain('approval.requested');
    expect(rows).toContain('approval.approved');
    expect(rows).not.toContain('slack.post_message');
    await checkPage(admin, 'audit');

    await executed
      .first()
      .getByRole('button', { name: /^Details of event/ })
      .click();
    const drawer = admin.getByRole('dialog');
    await drawer.getByText('Chain hash').waitFor();
    const detail = (await drawer.textContent()) ?? '';
    expect(detail).toContain('api_key support-agent');
    expect(detail).toContain('slack.delete_message');
    await checkPage(admin, 'audit-event');
    await admin.keyboard.press('Escape');

    // The audit service signs the chain's head every minute: press until a checkpoint is shown.
    const verification = admin.locator('#audit-verification');
    await eventually(
      async () => {
        await admin.getByRole('button', { name: 'Verify chain' }).click();
        await verification.waitFor();
        return (await admin.getByRole('table', { name: 'Latest signed checkpoint' }).count()) > 0 ? true : undefined;
      },
      { what: 'a signed checkpoint', timeoutMs: 90_000, intervalMs: 3000 },
    );
    const verdict = (await verification.textContent()) ?? '';
    expect(verdict).toContain('Chain verified');
    expect(verdict).toMatch(/\d+ events verified up to sequence \d+; [1-9]\d* signed checkpoints? matched/);
    await checkPage(admin, 'audit-verified');
  }, 150_000);
  it('7. narrows the trail to one actor, and pages through older events and back', async () => {
    const seqs = async () => (await admin.locator('table[aria-label="Audit events"] tbody tr td:first-child').allTextContents()).map(Number);
    const actors = () => admin.locator('table[aria-label="Audit events"] tbody tr td:nth-child(5)').allTextContents();

    await admin.getByRole('button', { name: 'Clear' }).click();
    await admin.getByRole('textbox', { name: 'Actor (person or API key)' }).click();
    await admin.getByRole('option', { name: 'key support-agent' }).click();
    await admin.getByRole('button', { name: 'Search' }).click();
    const byKey = await eventually(
      async () => {
        const shown = await actors();
        return shown.length > 0 && shown.every((actor) => actor === 'support-agent') ? shown : undefined;
      },
      { what: "only the key's events" },
    );
    expect(byKey.length).toBeGreaterThanOrEqual(6);

    await admin.getByRole('button', { name: 'Clear' }).click();
    const newest = await eventually(async () => ((await actors()).some((actor) => actor !== 'support-agent') ? seqs() : undefined), {
      what: 'every actor again',
    });
    expect(newest).toHaveLength(20);
    await admin.getByRole('button', { name: 'Older events' }).click();
    const older = await eventually(async () => ((await seqs())[0] < newest[19] ? seqs() : undefined), { what: 'the next page' });
    expect(older[0]).toBe(newest[19] - 1);
    await admin.getByRole('button', { name: 'Newer events' }).click();
    await eventually(async () => ((await seqs())[0] === newest[0] ? true : undefined), { what: 'the first page again' });
  }, 60_000);
});
