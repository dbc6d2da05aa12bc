import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startSlackSimulator } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { PlatformHarness } from '../support/platform-harness';

type Sim = Awaited<ReturnType<typeof startSlackSimulator>>;
type AuditEvent = {
  action: string;
  outcome: string;
  tool?: string;
  actor: { type: string; id: string };
  target?: { type: string; id: string };
  details?: Record<string, unknown>;
};

/** A tenant's webhook receiver: verifies every delivery's signature the way docs/approvals.md tells receivers to. */
class WebhookReceiver {
  readonly deliveries: { path: string; verified: boolean; body: { type: string; approval: { id: string; status: string } } }[] = [];
  private server?: Server;
  url = '';
  constructor(private readonly secret: string) {}

  async start() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const header = String(req.headers['causeway-signature'] ?? '');
        const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')));
        const t = Number(parts.t);
        const expected = createHmac('sha256', this.secret).update(`${parts.t}.${raw}`).digest();
        const given = Buffer.from(parts.v1 ?? '', 'hex');
        const fresh = Math.abs(Date.now() / 1000 - t) < 300;
        const verified = fresh && given.length === expected.length && timingSafeEqual(given, expected);
        this.deliveries.push({ path: req.url ?? '', verified, body: JSON.parse(raw) });
        res.writeHead(verified ? 204 : 401).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hooks/causeway`;
    return this;
  }

  stop() {
    return new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * Human approval of irreversible actions, end to end on real Postgres with the Slack
 * simulator: a call that needs approval answers 202 and sends nothing; approvers (not the
 * key's creator) decide in GraphQL; the re-sent call with `Approval-Id` runs exactly once; a
 * changed input, an expired or rejected approval are refused; trust graduates and demotes;
 * budgets run out; webhooks are signed; an MCP client sees the pending state then the result.
 */
describe('human approval of agent calls', () => {
  const cp = new PlatformHarness({ APPROVAL_WEBHOOK_BACKOFF_MS: 20 });
  const webhookSecret = randomBytes(24).toString('hex');
  const receiver = new WebhookReceiver(webhookSecret);
  let slack: Sim;
  let tenant: Awaited<ReturnType<PlatformHarness['tenantWithOwner']>>;
  let approver: Awaited<ReturnType<PlatformHarness['member']>>;
  let slackConnectionId: string;

  const gqlApproval = 'id status tool reason input keyId decidedBy note executionOutcome';

  async function createKey(name: string, token = tenant.token): Promise<{ id: string; key: string }> {
    const data = await cp.ok<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      'mutation($n: String!) { createApiKey(input: { name: $n, scopes: ["call:Tool", "read:Tool"] }) { secret apiKey { id } } }',
      { n: name },
      token,
    );
    const key = data.createApiKey.secret;
    await eventually(
      async () => ((await fetch(`${cp.dataPlane.url}/v1/tools`, { headers: { authorization: `Bearer ${key}` } })).status === 200 ? true : undefined),
      { what: `key ${name}` },
    );
    return { id: data.createApiKey.apiKey.id, key };
  }

  async function setPolicy(input: Record<string, unknown>, tenantId = tenant.tenantId, token = tenant.token) {
    const data = await cp.ok<{ setApprovalPolicy: Record<string, unknown> }>(
      'mutation($i: ApprovalPolicyInput!) { setApprovalPolicy(input: $i) { approvalTtlSeconds overBudget webhookUrl webhookSecretSet customised requireApproval { tools sideEffects } graduation { successes windowDays } budgets { keyId tool callsPerDay costUnitsPerDay } } }',
      { i: input },
      token,
    );
    // Wait until this replica applies it: the parts the tests vary, with the defaults filled in.
    const r = (input.requireApproval ?? { sideEffects: ['destructive'] }) as Record<string, string[] | undefined>;
    const want = JSON.stringify({
      requireApproval: { sideEffects: r.sideEffects ?? [], connectors: r.connectors ?? [], tools: r.tools ?? [], keys: r.keys ?? [], roles: r.roles ?? [] },
      budgets: input.budgets ?? [],
      graduation: input.graduation ?? null,
      overBudget: input.overBudget ?? 'approval',
    });
    await eventually(
      () => {
        const p = cp.dataPlane.approvalPolicies.policyOf(tenantId);
        return JSON.stringify({ requireApproval: p.requireApproval, budgets: p.budgets, graduation: p.graduation, overBudget: p.overBudget }) === want
          ? true
          : undefined;
      },
      { what: `policy ${want} in the data plane` },
    );
    return data.setApprovalPolicy;
  }

  /** Posts as an agent would: Slack allows about one message per second per channel, so a paced call is retried after retryAfterMs. */
  async function post(key: string, text: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
    for (let tries = 1; ; tries += 1) {
      const result = await cp.callTool(key, 'slack.post_message', { input: { channel: 'C0GENERAL01', text }, ...extra }, headers);
      if (result.status !== 429 || result.body.error?.code !== 'upstream_rate_limited' || tries >= 10) return result;
      await new Promise((r) => setTimeout(r, Math.min(5000, result.body.error.retryAfterMs ?? 1000)));
    }
  }

  const decide = (mutation: 'approveAction' | 'rejectAction', id: string, token: string, note?: string) =>
    cp.gql<Record<string, { status: string }>>(
      `mutation($id: ID!, $n: String) { ${mutation}(id: $id, ${mutation === 'approveAction' ? 'note' : 'reason'}: $n) { ${gqlApproval} } }`,
      { id, n: note ?? null },
      token,
    );

  const audits = () => cp.events.map((e) => e.value as AuditEvent);

  beforeAll(async () => {
    slack = await startSlackSimulator();
    await receiver.start();
    await cp.start();
    tenant = await cp.tenantWithOwner('approvals');
    approver = await cp.member(tenant.token, 'approvals', 'admin');
    slackConnectionId = await cp.connectViaOAuth(
      tenant.token,
      'slack',
      { authorizeUrl: `${slack.url}/oauth/v2/authorize`, tokenUrl: `${slack.url}/api/oauth.v2.access` },
      { default: `${slack.url}/api` },
      ['chat:write', 'channels:read', 'channels:history', 'reactions:write'],
    );
    await eventually(() => (cp.dataPlane.configView.connection(tenant.tenantId, slackConnectionId) ? true : undefined), {
      what: 'the connection in the data plane',
    });
  }, 90_000);

  afterAll(async () => {
    await cp.stop();
    await slack.stop();
    await receiver.stop();
  }, 30_000);

  it('holds destructive tools for approval by default, sending nothing', async () => {
    const { key } = await createKey('default-policy');
    slack.control.resetWrites();
    const held = await cp.callTool(key, 'slack.delete_message', { input: { channel: 'C0GENERAL01', ts: '1700000000.000100' } });
    expect(held.status).toBe(202);
    expect(held.body.approval).toEqual({ id: expect.any(String), status: 'pending', expiresAt: expect.any(String), reason: 'side_effect:destructive' });
    expect(slack.control.writeCount()).toBe(0);
    const read = await cp.callTool(key, 'slack.list_channels', { input: { limit: 1 } });
    expect(read.status).toBe(200);
  });

  it('binds the approval to the exact call, lets only another approver decide, and executes it exactly once', async () => {
    await setPolicy({ requireApproval: { tools: ['slack.post_message'] }, webhookUrl: receiver.url, webhookSecret });
    const { id: keyId, key } = await createKey('poster');
    slack.control.resetWrites();

    const held = await post(key, 'ship the release');
    expect(held.status).toBe(202);
    const approvalId = held.body.approval.id as string;
    expect(slack.control.writeCount()).toBe(0);

    // The agent polls: pending, and its own key sees it.
    const polled = await fetch(`${cp.dataPlane.url}/v1/approvals/${approvalId}`, { headers: { authorization: `Bearer ${key}` } });
    expect(polled.status).toBe(200);
    expect(((await polled.json()) as { approval: { status: string } }).approval).toMatchObject({
      id: approvalId,
      status: 'pending',
      tool: 'slack.post_message',
    });

    // Not yet approved: re-sending says so.
    const early = await post(key, 'ship the release', { 'approval-id': approvalId });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'approval_pending', retryable: true });

    // Approvers see it, with the input it is bound to.
    const listed = await cp.ok<{ approvals: { edges: { node: { id: string; input: string; keyId: string; reason: string } }[] } }>(
      `query { approvals(status: "pending", first: 20) { edges { node { ${gqlApproval} } } } }`,
      {},
      approver.token,
    );
    const node = listed.approvals.edges.map((e) => e.node).find((n) => n.id === approvalId)!;
    expect(node).toMatchObject({ keyId, reason: 'tool:slack.post_message' });
    expect(JSON.parse(node.input)).toEqual({ channel: 'C0GENERAL01', text: 'ship the release' });

    // Separation of duties: the owner created the key, so the owner may not approve it.
    const self = await decide('approveAction', approvalId, tenant.token);
    expect(self.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // A long poll returns as soon as someone else approves.
    const longPoll = fetch(`${cp.dataPlane.url}/v1/approvals/${approvalId}?waitMs=10000`, { headers: { authorization: `Bearer ${key}` } });
    await new Promise((r) => setTimeout(r, 200));
    const approved = await decide('approveAction', approvalId, approver.token, 'looks right');
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveAction).toMatchObject({ status: 'approved', decidedBy: approver.userId, note: 'looks right' });
    expect(((await (await longPoll).json()) as { approval: { status: string } }).approval.status).toBe('approved');

    // A different input is not the approved call.
    const changed = await post(key, 'ship the release NOW', { 'approval-id': approvalId });
    expect(changed.status).toBe(422);
    expect(changed.body.error).toMatchObject({ code: 'approval_mismatch', field: 'input' });
    expect(slack.control.writeCount()).toBe(0);

    // The approved call runs, once; every re-send gets the stored result.
    const executed = await post(key, 'ship the release', { 'approval-id': approvalId });
    expect(executed.status).toBe(200);
    expect(executed.body.data).toMatchObject({ channel: 'C0GENERAL01' });
    const again = await Promise.all([
      post(key, 'ship the release', { 'approval-id': approvalId }),
      post(key, 'ship the release', { 'approval-id': approvalId }),
    ]);
    for (const replay of again) {
      expect(replay.status).toBe(200);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.data).toEqual(executed.body.data);
    }
    expect(slack.control.writeCount()).toBe(1);

    const state = (await (await fetch(`${cp.dataPlane.url}/v1/approvals/${approvalId}`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      approval: { status: string; result?: { status: number } };
    };
    expect(state.approval).toMatchObject({ status: 'executed', executionOutcome: 'success', result: { status: 200 } });

    // Another key of the tenant cannot use or see it.
    const other = await createKey('other');
    expect((await post(other.key, 'ship the release', { 'approval-id': approvalId })).status).toBe(404);
    expect((await fetch(`${cp.dataPlane.url}/v1/approvals/${approvalId}`, { headers: { authorization: `Bearer ${other.key}` } })).status).toBe(404);

    // Every step audited; every webhook signed and verified by the receiver.
    await eventually(
      () =>
        ['approval.requested', 'approval.approved', 'approval.executed'].every((a) => audits().some((e) => e.action === a && e.target?.id === approvalId))
          ? true
          : undefined,
      { what: 'approval audit events' },
    );
    expect(audits().find((e) => e.action === 'approval.requested' && e.target?.id === approvalId)).toMatchObject({
      outcome: 'pending',
      details: { rule: 'tool:slack.post_message' },
    });
    await eventually(
      () =>
        ['approval.requested', 'approval.approved', 'approval.executed'].every((t) =>
          receiver.deliveries.some((d) => d.body.type === t && d.body.approval.id === approvalId),
        )
          ? true
          : undefined,
      { what: 'webhooks' },
    );
    expect(receiver.deliveries.filter((d) => d.body.approval.id === approvalId).every((d) => d.verified)).toBe(true);
    expect(cp.everythingObservable()).not.toContain(webhookSecret);
    // SREs see the steps and the deliveries, by bounded labels only.
    const metrics = await (await fetch(`${cp.dataPlane.url}/metrics`)).text();
    for (const event of ['requested', 'approved', 'executed'])
      expect(metrics).toMatch(new RegExp(`causeway_approval_events_total\\{event="${event}"[^}]*\\} [1-9]`));
    expect(metrics).toMatch(/causeway_approval_notifications_total\{channel="webhook",outcome="delivered"[^}]*\} [1-9]/);
  }, 60_000);

  it('refuses a rejected approval and an expired one', async () => {
    await setPolicy({ requireApproval: { tools: ['slack.post_message'] }, webhookUrl: receiver.url, webhookSecret });
    const { key } = await createKey('refused');
    // The agent registers a callback with its call; it hears the decision, signed.
    const callbackUrl = receiver.url.replace('/hooks/causeway', '/agent/callback');
    const rejected = (await post(key, 'delete everything', {}, { callbackUrl })).body.approval.id as string;
    const rejection = await decide('rejectAction', rejected, approver.token, 'not today');
    expect(rejection.data!.rejectAction).toMatchObject({ status: 'rejected', note: 'not today' });
    const callback = await eventually(() => receiver.deliveries.find((d) => d.path === '/agent/callback' && d.body.approval.id === rejected), {
      what: 'the callback',
    });
    expect(callback).toMatchObject({ verified: true, body: { type: 'approval.rejected', approval: { status: 'rejected' } } });
    const afterRejection = await post(key, 'delete everything', { 'approval-id': rejected });
    expect(afterRejection.status).toBe(403);
    expect(afterRejection.body.error.code).toBe('approval_rejected');

    const expiring = (await post(key, 'too late')).body.approval.id as string;
    // Arranged in the database: waiting out the minimum TTL (60 s) would only slow the suite.
    await cp.dataSourceQuery(`UPDATE data_plane.approvals SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring]);
    const late = await decide('approveAction', expiring, approver.token);
    expect(late.errors?.[0]?.extensions?.code).toBe('APPROVAL_EXPIRED');
    const resend = await post(key, 'too late', { 'approval-id': expiring });
    expect(resend.status).toBe(410);
    expect(resend.body.error.code).toBe('approval_expired');
    await eventually(() => (audits().some((e) => e.action === 'approval.expired' && e.target?.id === expiring) ? true : undefined), {
      what: 'the expiry audited',
    });
  });

  it('graduates a key to acting alone after N approved successes, and demotes it on a failure or a rejection', async () => {
    await setPolicy({
      requireApproval: { tools: ['slack.post_message'] },
      graduation: { successes: 2, windowDays: 30 },
      webhookUrl: receiver.url,
      webhookSecret,
    });
    const { id: keyId, key } = await createKey('learner');
    const approveAndRun = async (text: string, k = key) => {
      const held = await post(k, text);
      expect(held.status).toBe(202);
      await decide('approveAction', held.body.approval.id, approver.token);
      return post(k, text, { 'approval-id': held.body.approval.id });
    };
    expect((await approveAndRun('first')).status).toBe(200);
    expect((await approveAndRun('second')).status).toBe(200);

    // Graduated: the third call runs at once, and the automatic decision is audited with its rule.
    const alone = await post(key, 'third, alone');
    expect(alone.status).toBe(200);
    await eventually(() => (audits().some((e) => e.action === 'approval.trust_graduated' && e.target?.id === keyId) ? true : undefined), {
      what: 'graduation audited',
    });
    const auto = await eventually(() => audits().find((e) => e.action === 'approval.auto_approved' && e.details?.keyId === keyId));
    expect(String(auto.details?.rule)).toBe('trust:graduated after 2 approved successes in 30 days');

    // A failed execution demotes it: the next call waits for a human again.
    const failed = await cp.callTool(key, 'slack.post_message', { input: { channel: 'C0NOPE', text: 'to nowhere' } });
    expect(failed.status).toBe(404);
    await eventually(() => (audits().some((e) => e.action === 'approval.trust_demoted' && e.target?.id === keyId) ? true : undefined), {
      what: 'demotion audited',
    });
    expect((await post(key, 'after the failure')).status).toBe(202);

    // Successes before the incident no longer count: two new ones earn it back.
    expect((await approveAndRun('again one')).status).toBe(200);
    expect((await approveAndRun('again two')).status).toBe(200);
    expect((await post(key, 'trusted again')).status).toBe(200);

    // A rejection resets the count too: success, rejection, success is not two in a row.
    const other = await createKey('learner-2');
    expect((await approveAndRun('a', other.key)).status).toBe(200);
    const rejected = await post(other.key, 'b');
    await decide('rejectAction', rejected.body.approval.id, approver.token, 'no');
    expect((await approveAndRun('c', other.key)).status).toBe(200);
    expect((await post(other.key, 'd')).status).toBe(202);
  }, 90_000);

  it('counts budgets per key and tool per day: past the cap a call is refused or waits, per policy; usage is queryable', async () => {
    const { id: keyId, key } = await createKey('budgeted');
    await setPolicy({
      requireApproval: { sideEffects: ['destructive'] },
      budgets: [{ keyId, tool: 'slack.list_channels', callsPerDay: 2 }],
      overBudget: 'refuse',
    });
    expect((await cp.callTool(key, 'slack.list_channels', { input: { limit: 1 } })).status).toBe(200);
    expect((await cp.callTool(key, 'slack.list_channels', { input: { limit: 1 } })).status).toBe(200);
    const refused = await cp.callTool(key, 'slack.list_channels', { input: { limit: 1 } });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'budget_exhausted', retryAfterMs: expect.any(Number) });
    const refusal = await eventually(() => audits().find((e) => e.action === 'approval.budget_refused' && e.actor.id === keyId));
    expect(refusal.details?.rule).toBe('budget:2 calls per day');

    // Cost units: post_message declares 1 unit; a cap of 1 unit lets one through.
    await setPolicy({
      requireApproval: { sideEffects: ['destructive'] },
      budgets: [
        { keyId, tool: 'slack.list_channels', callsPerDay: 2 },
        { keyId, tool: 'slack.post_message', costUnitsPerDay: 1 },
      ],
      overBudget: 'approval',
    });
    expect((await post(key, 'within budget')).status).toBe(200);
    const overCost = await post(key, 'over budget');
    expect(overCost.status).toBe(202);
    expect(overCost.body.approval.reason).toBe('budget:1 cost units per day');
    const overCalls = await cp.callTool(key, 'slack.list_channels', { input: { limit: 1 } });
    expect(overCalls.status).toBe(202);

    const usage = await cp.ok<{ keyUsage: { day: string; tool: string; calls: number; costUnits: number }[] }>(
      'query($k: ID!) { keyUsage(keyId: $k) { day tool calls costUnits } }',
      { k: keyId },
      tenant.token,
    );
    expect(usage.keyUsage).toEqual(
      expect.arrayContaining([
        { day: new Date().toISOString().slice(0, 10), tool: 'slack.list_channels', calls: 2, costUnits: 0 },
        { day: new Date().toISOString().slice(0, 10), tool: 'slack.post_message', calls: 1, costUnits: 1 },
      ]),
    );
  });

  it("holds calls by the role of the key's creator, and by key", async () => {
    await setPolicy({ requireApproval: { roles: ['admin'] } });
    const byAdmin = await createKey('admin-made', approver.token);
    const byOwner = await createKey('owner-made');
    const held = await cp.callTool(byAdmin.key, 'slack.list_channels', { input: { limit: 1 } });
    expect(held.status).toBe(202);
    expect(held.body.approval.reason).toBe('role:admin');
    expect((await cp.callTool(byOwner.key, 'slack.list_channels', { input: { limit: 1 } })).status).toBe(200);
    await setPolicy({ requireApproval: { keys: [byOwner.id] } });
    expect((await cp.callTool(byOwner.key, 'slack.list_channels', { input: { limit: 1 } })).body.approval.reason).toBe(`key:${byOwner.id}`);
    // The owner may approve what the admin's key asked for, and not the other way round.
    expect((await decide('approveAction', held.body.approval.id, approver.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await decide('approveAction', held.body.approval.id, tenant.token)).data?.approveAction.status).toBe('approved');
  });

  it("keeps another tenant's approvals invisible and undecidable, whatever ids are sent", async () => {
    await setPolicy({ requireApproval: { tools: ['slack.post_message'] } });
    const { key } = await createKey('isolated');
    const id = (await post(key, 'tenant A only')).body.approval.id as string;
    const other = await cp.tenantWithOwner('approvals-b');
    const otherAdmin = await cp.member(other.token, 'approvals-b', 'admin');
    expect((await cp.ok<{ approval: unknown }>('query($id: ID!) { approval(id: $id) { id } }', { id }, otherAdmin.token)).approval).toBeNull();
    const listed = await cp.ok<{ approvals: { edges: { node: { id: string } }[] } }>(
      'query { approvals(first: 100) { edges { node { id } } } }',
      {},
      otherAdmin.token,
    );
    expect(listed.approvals.edges.map((e) => e.node.id)).not.toContain(id);
    expect((await decide('approveAction', id, otherAdmin.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const otherKey = await createKey('b-agent', other.token);
    expect((await fetch(`${cp.dataPlane.url}/v1/approvals/${id}`, { headers: { authorization: `Bearer ${otherKey.key}` } })).status).toBe(404);
    // Still pending in tenant A.
    expect((await cp.ok<{ approval: { status: string } }>('query($id: ID!) { approval(id: $id) { status } }', { id }, approver.token)).approval.status).toBe(
      'pending',
    );
    // A viewer may look but not decide.
    const viewer = await cp.member(tenant.token, 'approvals', 'viewer');
    expect((await decide('approveAction', id, viewer.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("posts each pending approval to the tenant's Slack channel through its own Slack connection", async () => {
    await setPolicy({ requireApproval: { tools: ['slack.add_reaction'] }, slack: { connectionId: slackConnectionId, channel: 'C0GENERAL01' } });
    const { key } = await createKey('notified');
    slack.control.resetWrites();
    const held = await cp.callTool(key, 'slack.add_reaction', { input: { channel: 'C0GENERAL01', timestamp: '1700000000.000100', name: 'eyes' } });
    expect(held.status).toBe(202);
    const id = held.body.approval.id as string;
    const channel = slack.control.workspace.resolve('C0GENERAL01')!;
    const note = await eventually(() => channel.messages.find((m) => m.text?.includes(id)), { what: 'the Slack notification' });
    expect(note.text).toContain('slack.add_reaction');
    // The notification is the only write: the held call itself sent nothing.
    expect(slack.control.writeCount()).toBe(1);
    // A Slack connection of another tenant cannot be named.
    const other = await cp.tenantWithOwner('approvals-slack-b');
    const refused = await cp.gql(
      'mutation($i: ApprovalPolicyInput!) { setApprovalPolicy(input: $i) { customised } }',
      { i: { slack: { connectionId: slackConnectionId, channel: 'C0GENERAL01' } } },
      other.token,
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'slack.connectionId' });
  });

  it('tells an MCP client the call waits for approval, then returns the real result once approved', async () => {
    await setPolicy({ requireApproval: { tools: ['slack.post_message'] } });
    const { key } = await createKey('mcp-agent');
    const client = new Client({ name: 'causeway-e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${cp.dataPlane.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }),
    );
    try {
      slack.control.resetWrites();
      const args = { channel: 'C0ENG000001', text: 'from an MCP agent' };
      const pending = (await client.callTool({ name: 'slack.post_message', arguments: args })) as CallToolResult;
      expect(pending.isError).toBe(true);
      const approval = pending._meta?.['causeway/approval'] as { id: string; status: string };
      expect(approval).toMatchObject({ status: 'pending', id: expect.any(String) });
      const text = pending.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
      expect(text).toContain(approval.id);
      expect(text).toContain('approvalId');
      expect(slack.control.writeCount()).toBe(0);

      const early = (await client.callTool({ name: 'slack.post_message', arguments: { ...args, _causeway: { approvalId: approval.id } } })) as CallToolResult;
      expect(early.isError).toBe(true);
      expect((early._meta?.['causeway/error'] as { code: string }).code).toBe('approval_pending');

      await decide('approveAction', approval.id, approver.token);
      const done = (await client.callTool({ name: 'slack.post_message', arguments: { ...args, _causeway: { approvalId: approval.id } } })) as CallToolResult;
      expect(done.isError).toBe(false);
      expect(done.structuredContent).toMatchObject({ channel: 'C0ENG000001' });
      const replay = (await client.callTool({ name: 'slack.post_message', arguments: { ...args, _causeway: { approvalId: approval.id } } })) as CallToolResult;
      expect(replay._meta?.['causeway/replayed']).toBe(true);
      expect(slack.control.writeCount()).toBe(1);
    } finally {
      await client.close();
    }
  });
});
