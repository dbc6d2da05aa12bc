import { startSlackSimulator } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { PlatformHarness } from '../support/platform-harness';

type Sim = Awaited<ReturnType<typeof startSlackSimulator>>;
type CallEvent = {
  action: string;
  correlationId?: string;
  outcome: string;
  details?: { deniedBy?: string; payload?: { input?: Record<string, unknown>; output?: Record<string, unknown> } };
};

/**
 * The tenant's access policy, set by an admin in GraphQL, reaching a running data plane over
 * the config stream: the outermost permission layer (denied tools, named by `explain`), when a
 * shared connection may serve a call, and payloads in call audit events, redacted.
 */
describe("the tenant's access policy on the agent surface", () => {
  const cp = new PlatformHarness();
  let slack: Sim;
  let tenant: Awaited<ReturnType<PlatformHarness['tenantWithOwner']>>;
  let key: string;

  const setPolicy = async (input: Record<string, unknown>) => {
    await cp.ok('mutation($i: TenantPolicyInput!) { setTenantPolicy(input: $i) { sharedConnections } }', { i: input }, tenant.token);
  };
  const toolNames = async () => {
    const response = await fetch(`${cp.dataPlane.url}/v1/tools`, { headers: { authorization: `Bearer ${key}` } });
    return ((await response.json()) as { tools: { name: string }[] }).tools.map((t) => t.name);
  };
  const post = (extra: Record<string, unknown> = {}) =>
    cp.callTool(key, 'slack.post_message', { input: { channel: 'C0GENERAL01', text: 'policy check' }, ...extra });
  const callEvent = (requestId: string) =>
    eventually(() => cp.events.map((e) => e.value as CallEvent).find((e) => e.action === 'tool.call' && e.correlationId === requestId));

  beforeAll(async () => {
    slack = await startSlackSimulator();
    await cp.start();
    tenant = await cp.tenantWithOwner('policy-agents');
    await cp.connectViaOAuth(
      tenant.token,
      'slack',
      { authorizeUrl: `${slack.url}/oauth/v2/authorize`, tokenUrl: `${slack.url}/api/oauth.v2.access` },
      { default: `${slack.url}/api` },
      ['chat:write', 'channels:read'],
    );
    key = (
      await cp.ok<{ createApiKey: { secret: string } }>(
        'mutation { createApiKey(input: { name: "agent", scopes: ["call:Tool", "read:Tool"] }) { secret } }',
        {},
        tenant.token,
      )
    ).createApiKey.secret;
    await eventually(async () => ((await post()).status === 200 ? true : undefined), { what: 'the key and the connection in the data plane' });
  }, 90_000);

  // Every test starts from the default policy, applied in the data plane.
  afterEach(async () => {
    await setPolicy({});
    await eventually(async () => ((await post()).status === 200 && (await toolNames()).includes('slack.delete_message') ? true : undefined), {
      what: 'the default policy back in the data plane',
    });
  });

  afterAll(async () => {
    await cp.stop();
    await slack.stop();
  }, 30_000);

  it('denies a tool to every agent of the tenant, hides it from the tool list, and names the layer in explain', async () => {
    expect(await toolNames()).toContain('slack.delete_message');
    await setPolicy({ deniedTools: ['slack.delete_message'] });
    await eventually(async () => (!(await toolNames()).includes('slack.delete_message') ? true : undefined), { what: 'the policy in the data plane' });
    expect(await toolNames()).toContain('slack.post_message');

    const denied = await cp.callTool(key, 'slack.delete_message', { input: { channel: 'C0GENERAL01', ts: '1.000001' } }, {});
    expect(denied.status).toBe(403);
    const explained = await fetch(`${cp.dataPlane.url}/v1/actions/slack.delete_message?explain=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { channel: 'C0GENERAL01', ts: '1.000001' } }),
    });
    const body = (await explained.json()) as { error: { code: string; explain?: { deniedBy: string }; requestId: string } };
    expect(body.error).toMatchObject({ code: 'forbidden', explain: { deniedBy: 'tenant_policy' } });
    expect(await callEvent(body.error.requestId)).toMatchObject({ outcome: 'denied', details: { deniedBy: 'tenant_policy' } });
    expect((await post()).status).toBe(200);
  });

  it('lets a shared connection serve only the calls the policy allows', async () => {
    // unattended_only (the default): a call for a user without their own connection is refused.
    expect((await post({ onBehalfOf: 'ext-user-1' })).body.error).toMatchObject({ code: 'connection_required' });

    await setPolicy({ sharedConnections: 'ALWAYS' });
    await eventually(async () => ((await post({ onBehalfOf: 'ext-user-1' })).status === 200 ? true : undefined), { what: 'sharedConnections ALWAYS applied' });

    await setPolicy({ sharedConnections: 'NEVER' });
    const unattended = await eventually(
      async () => {
        const r = await post();
        return r.status !== 200 ? r : undefined;
      },
      { what: 'sharedConnections NEVER applied' },
    );
    expect(unattended.body.error).toMatchObject({ code: 'connection_required', field: 'onBehalfOf' });
  });

  it('records no payload by default, and the redacted input and result once the tenant opts in', async () => {
    // Slack paces chat.postMessage per channel: a post right after the previous test's may be held (429) first.
    const plain = await eventually(async () => {
      const r = await post();
      return r.status === 200 ? r : undefined;
    });
    expect((await callEvent(plain.body.meta.requestId)).details?.payload).toBeUndefined();

    await setPolicy({ auditPayloads: 'REDACTED', redactFields: ['channel'] });
    const recorded = await eventually(
      async () => {
        const r = await cp.callTool(key, 'slack.post_message', { input: { channel: 'C0GENERAL01', text: 'token xoxb-1234-5678-secret', blocks: [] } });
        if (r.status !== 200) return undefined;
        const event = await callEvent(r.body.meta.requestId);
        return event.details?.payload ? { event, response: r } : undefined;
      },
      { what: 'auditPayloads REDACTED applied' },
    );
    const payload = recorded.event.details!.payload!;
    expect(payload.input).toEqual({ channel: '[redacted]', text: 'token [redacted]', blocks: [] });
    expect(payload.output).toMatchObject({ channel: '[redacted]', ts: recorded.response.body.data.ts });
  });
});
