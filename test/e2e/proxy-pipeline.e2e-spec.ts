import { startSlackSimulator } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { PlatformHarness } from '../support/platform-harness';

type Sim = Awaited<ReturnType<typeof startSlackSimulator>>;
type AuditEvent = { action: string; outcome: string; tool?: string; workflowRunId?: string };

/**
 * The raw proxy under the same rules as tools, end to end on real Postgres with the Slack
 * simulator: a destructive method (chat.delete) waits for a human and runs once after
 * approval; a proxied write with an Idempotency-Key reaches Slack once under 100 concurrent
 * duplicates; every proxied call leaves one audit event naming method and path template.
 */
describe('the raw proxy on the call pipeline', () => {
  const cp = new PlatformHarness();
  let slack: Sim;
  let tenant: Awaited<ReturnType<PlatformHarness['tenantWithOwner']>>;
  let approver: Awaited<ReturnType<PlatformHarness['member']>>;
  let connectionId: string;
  let key: string;

  const raw = (method: string, path: string, body?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${cp.dataPlane.url}/v1/proxy/${connectionId}/${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  beforeAll(async () => {
    slack = await startSlackSimulator();
    await cp.start();
    tenant = await cp.tenantWithOwner('rawproxy');
    approver = await cp.member(tenant.token, 'rawproxy', 'admin');
    connectionId = await cp.connectViaOAuth(
      tenant.token,
      'slack',
      { authorizeUrl: `${slack.url}/oauth/v2/authorize`, tokenUrl: `${slack.url}/api/oauth.v2.access` },
      { default: `${slack.url}/api` },
      ['chat:write', 'channels:read', 'channels:history'],
    );
    key = (
      await cp.ok<{ createApiKey: { secret: string } }>(
        'mutation { createApiKey(input: { name: "raw", scopes: ["proxy:Connection", "call:Tool"] }) { secret } }',
        {},
        tenant.token,
      )
    ).createApiKey.secret;
    await eventually(async () => ((await raw('GET', 'conversations.list?limit=1')).status === 200 ? true : undefined), {
      timeoutMs: 10_000,
      what: 'the proxy key',
    });
  }, 90_000);

  afterAll(async () => {
    await cp.stop();
    await slack.stop();
  }, 30_000);

  it('holds a destructive proxied method for approval, sending nothing, and runs it once after approval', async () => {
    const posted = (await (await raw('POST', 'chat.postMessage', { channel: 'C0GENERAL01', text: 'to be deleted' })).json()) as { ok: boolean; ts: string };
    expect(posted.ok).toBe(true);
    slack.control.resetWrites();
    const deletion = { channel: 'C0GENERAL01', ts: posted.ts };

    const held = await raw('POST', 'chat.delete', deletion);
    expect(held.status).toBe(202);
    const { approval } = (await held.json()) as { approval: { id: string; status: string; reason: string } };
    expect(approval).toMatchObject({ status: 'pending', reason: 'side_effect:destructive' });
    expect(slack.control.writeCount()).toBe(0);

    const decided = await cp.gql<{ approveAction: { status: string } }>(
      'mutation($id: ID!) { approveAction(id: $id) { status } }',
      { id: approval.id },
      approver.token,
    );
    expect(decided.data?.approveAction.status).toBe('approved');

    const executed = await raw('POST', 'chat.delete', deletion, { 'approval-id': approval.id });
    expect(executed.status).toBe(200);
    expect(await executed.json()).toMatchObject({ ok: true });
    const again = await raw('POST', 'chat.delete', deletion, { 'approval-id': approval.id });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(slack.control.writeCount()).toBe(1);
  }, 30_000);

  it('sends a proxied write with an Idempotency-Key to Slack once under 100 concurrent duplicates', async () => {
    slack.control.resetWrites();
    const body = { channel: 'C0ENG000001', text: 'deploy finished' };
    const results = await Promise.all([...Array(100)].map(() => raw('POST', 'chat.postMessage', body, { 'idempotency-key': 'raw-deploy-1' })));
    expect(slack.control.writeCount()).toBe(1);
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const replay = await raw('POST', 'chat.postMessage', body, { 'idempotency-key': 'raw-deploy-1' });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(slack.control.writeCount()).toBe(1);
    // 100 requests through the whole platform on a shared 2-core box: the bound is for a stuck
    // run, not a speed requirement.
  }, 60_000);

  it('audits every proxied call once, naming the method and path template, never query values', async () => {
    const run = `run-${Date.now()}`;
    const headers = { 'x-workflow-run-id': run };
    await raw('GET', 'conversations.history?channel=C0GENERAL01&limit=1', undefined, headers);
    await raw('GET', 'conversations.list?limit=1', undefined, headers);
    await raw('POST', 'chat.postMessage', { channel: 'C0GENERAL01', text: 'audited' }, headers);
    const events = await eventually(() => {
      const mine = cp.events.map((e) => e.value as AuditEvent).filter((e) => e.workflowRunId === run);
      return mine.length >= 3 ? mine : undefined;
    });
    expect(events.map((e) => [e.tool, e.outcome])).toEqual([
      ['slack.proxy GET /conversations.history', 'success'],
      ['slack.proxy GET /conversations.list', 'success'],
      ['slack.proxy POST /chat.postMessage', 'success'],
    ]);
    expect(JSON.stringify(events)).not.toContain('C0GENERAL01');
  }, 30_000);
});
