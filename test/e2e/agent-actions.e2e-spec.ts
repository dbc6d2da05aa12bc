import { request as httpRequest } from 'node:http';
import { createServiceRegistry } from '@causeway/observability';
import { startDataPlane, createDataPlaneDataSource, type RunningDataPlane } from '@causeway/data-plane';
import { startJiraSimulator, startSlackSimulator } from '@causeway/simulators';
import { eventually } from '@causeway/testing';
import { PlatformHarness } from '../support/platform-harness';

type Sim = Awaited<ReturnType<typeof startSlackSimulator>>;
type JiraSim = Awaited<ReturnType<typeof startJiraSimulator>>;

/**
 * Agents calling tools through one key, against real Postgres and the vendor simulators:
 * the contract's success and error bodies, connection choice, pagination, one audit event per
 * call, and the token lifecycle — a 401 mid-call refreshes once, and a token expiring under
 * 50 concurrent calls on two replicas is refreshed exactly once (Atlassian would revoke the
 * whole token family on a second use of the old refresh token).
 */
describe('agents calling tools', () => {
  const cp = new PlatformHarness();
  let slack: Sim;
  let jira: JiraSim;
  let tenant: Awaited<ReturnType<PlatformHarness['tenantWithOwner']>>;
  let key: string;
  let slackConnectionId: string;
  let jiraConnectionId: string;

  const connect = (provider: 'slack' | 'jira', url: string, scopes: string[]) =>
    provider === 'slack'
      ? cp.connectViaOAuth(
          tenant.token,
          'slack',
          { authorizeUrl: `${url}/oauth/v2/authorize`, tokenUrl: `${url}/api/oauth.v2.access` },
          { default: `${url}/api` },
          scopes,
        )
      : cp.connectViaOAuth(
          tenant.token,
          'jira',
          { authorizeUrl: `${url}/authorize`, tokenUrl: `${url}/oauth/token`, discoveryUrl: `${url}/oauth/token/accessible-resources` },
          { default: `${url}/ex/jira/{cloudId}`, site: url },
          scopes,
        );

  beforeAll(async () => {
    slack = await startSlackSimulator();
    jira = await startJiraSimulator({ accessTokenLifetimeSeconds: 4, refreshTokenReuseLeewaySeconds: 0, revokeFamilyOnReuse: true });
    await cp.start();
    tenant = await cp.tenantWithOwner('agents');
    slackConnectionId = await connect('slack', slack.url, ['chat:write', 'channels:read', 'channels:history', 'reactions:write']);
    jiraConnectionId = await connect('jira', jira.url, ['read:jira-work', 'write:jira-work', 'offline_access']);
    const created = await cp.ok<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "agent", scopes: ["call:Tool", "read:Tool"] }) { secret } }',
      {},
      tenant.token,
    );
    key = created.createApiKey.secret;
    await eventually(() => (cp.dataPlane.configView.connection(tenant.tenantId, jiraConnectionId) ? true : undefined), {
      what: 'connections in the data plane',
    });
    await eventually(
      async () => ((await fetch(`${cp.dataPlane.url}/v1/tools`, { headers: { authorization: `Bearer ${key}` } })).status === 200 ? true : undefined),
      { what: 'the key' },
    );
  }, 90_000);

  afterAll(async () => {
    await cp.stop();
    await slack.stop();
    await jira.stop();
  }, 30_000);

  it('posts a Slack message: 200 { data, meta { requestId, attempts } } and one write upstream', async () => {
    slack.control.resetWrites();
    const result = await cp.callTool(
      key,
      'slack.post_message',
      { input: { channel: 'C0GENERAL01', text: 'hello from an agent' } },
      { 'x-workflow-run-id': 'run-42' },
    );
    expect(result.status).toBe(200);
    expect(result.body.meta).toEqual({ requestId: expect.any(String), attempts: 1 });
    expect(result.body.data).toMatchObject({ channel: 'C0GENERAL01' });
    expect(slack.control.writeCount()).toBe(1);
    const audit = await eventually(() =>
      cp.events
        .map((e) => e.value as { action: string; correlationId?: string; outcome: string; tool?: string; workflowRunId?: string; connectionId?: string })
        .find((e) => e.action === 'tool.call' && e.correlationId === result.body.meta.requestId),
    );
    expect(audit).toMatchObject({ outcome: 'success', tool: 'slack.post_message', workflowRunId: 'run-42', connectionId: slackConnectionId });
  });

  it("maps Slack's HTTP 200 ok:false to the contract's upstream_not_found", async () => {
    const result = await cp.callTool(key, 'slack.post_message', { input: { channel: 'C0NOPE', text: 'x' } });
    expect(result.status).toBe(404);
    expect(result.body.error).toMatchObject({ code: 'upstream_not_found', retryable: false, requestId: expect.any(String) });
  });

  it('walks pagination through meta.nextCursor', async () => {
    const first = await cp.callTool(key, 'slack.list_channels', { input: { limit: 1 } });
    expect(first.status).toBe(200);
    expect(first.body.meta.nextCursor).toEqual(expect.any(String));
    const second = await cp.callTool(key, 'slack.list_channels', { input: { limit: 1 }, cursor: first.body.meta.nextCursor });
    expect(second.status).toBe(200);
    expect(JSON.stringify(second.body.data)).not.toEqual(JSON.stringify(first.body.data));
  });

  it('refuses bad input naming the field, unknown tools, and says which layer denied with explain', async () => {
    const bad = await cp.callTool(key, 'slack.post_message', { input: { channel: 'C0GENERAL01' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_input');
    const extra = await cp.callTool(key, 'slack.post_message', { input: {}, surprise: true });
    expect(extra.body.error).toMatchObject({ code: 'invalid_input', field: 'surprise' });
    expect((await cp.callTool(key, 'slack.fly_to_moon', { input: {} })).status).toBe(404);
    const readOnly = await cp.ok<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "reader", scopes: ["read:Tool"] }) { secret } }',
      {},
      tenant.token,
    );
    await eventually(async () =>
      (await fetch(`${cp.dataPlane.url}/v1/tools`, { headers: { authorization: `Bearer ${readOnly.createApiKey.secret}` } })).status === 200 ? true : undefined,
    );
    const denied = await fetch(`${cp.dataPlane.url}/v1/actions/slack.post_message?explain=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readOnly.createApiKey.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { channel: 'C0GENERAL01', text: 'x' } }),
    });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { explain: unknown } }).error.explain).toEqual({ deniedBy: 'key_scopes' });
  });

  it('passes raw calls through /v1/proxy only for keys holding proxy:Connection', async () => {
    const proxyKey = (
      await cp.ok<{ createApiKey: { secret: string } }>(
        'mutation { createApiKey(input: { name: "raw", scopes: ["proxy:Connection"] }) { secret } }',
        {},
        tenant.token,
      )
    ).createApiKey.secret;
    const raw = (path: string, k: string) => fetch(`${cp.dataPlane.url}/v1/proxy/${slackConnectionId}/${path}`, { headers: { authorization: `Bearer ${k}` } });
    await eventually(async () => ((await raw('conversations.list?limit=1', proxyKey)).status === 200 ? true : undefined), { what: 'the proxy key' });
    const answer = (await (await raw('conversations.list?limit=1', proxyKey)).json()) as { ok: boolean; channels: unknown[] };
    expect(answer.ok).toBe(true);
    expect(answer.channels).toHaveLength(1);
    expect((await raw('conversations.list', key)).status).toBe(403);
    // Sent byte for byte (fetch would normalise the dot segments and backslashes away before sending).
    const sneaky = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const url = new URL(cp.dataPlane.url);
        const req = httpRequest(
          { host: url.hostname, port: url.port, path: `/v1/proxy/${slackConnectionId}/${path}`, headers: { authorization: `Bearer ${proxyKey}` } },
          (res) => {
            let body = '';
            res.on('data', (chunk) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect((await sneaky('%2e%2e/%2e%2e/admin')).status).toBe(400);
    // The URL parser turns `\` into `/`: this once reached Slack's /oauth/v2/authorize, outside /api, with the token attached.
    for (const path of ['..\\oauth\\v2\\authorize', '..%5coauth%5cv2%5cauthorize', 'x/%2e%2e%2f%2e%2e%2foauth']) {
      const answer = await sneaky(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(JSON.parse(answer.body).error).toMatchObject({ code: 'invalid_input', field: 'path' });
    }
  });

  it('asks for the end user’s own connection when onBehalfOf has none', async () => {
    const result = await cp.callTool(key, 'slack.list_channels', { input: {}, onBehalfOf: 'someone@agents.test' });
    expect(result.status).toBe(409);
    expect(result.body.error).toMatchObject({ code: 'connection_required', field: 'onBehalfOf' });
  });

  it('refreshes once and retries once when the token expires mid-flight (401)', async () => {
    jira.control.expireTokens();
    const result = await cp.callTool(key, 'jira.search_issues', { input: { jql: 'project = OPS' } });
    expect(result.status).toBe(200);
    expect(result.body.meta.attempts).toBe(2);
  });

  it('refreshes exactly once for 50 concurrent calls on each of 2 replicas, and keeps the connection', async () => {
    const secondDb = createDataPlaneDataSource(cp.db!.url, 4);
    const registry = createServiceRegistry('data-plane');
    let second: RunningDataPlane | undefined;
    try {
      second = await startDataPlane({
        config: cp.dataPlaneConfig('replica-2'),
        logger: cp.logger('data-plane-2'),
        registry,
        bus: cp.bus,
        apiKeyPepper: cp.secrets.apiKeyPepper,
        secretStore: cp.secretStore,
        dataSource: secondDb,
      });
      // A fresh token, then wait until it is inside the refresh margin on both replicas.
      const fresh = await cp.callTool(key, 'jira.search_issues', { input: { jql: 'project = OPS' } });
      expect(fresh.status).toBe(200);
      const refreshesBefore = await refreshCount(cp.dataPlane.url);
      await new Promise((r) => setTimeout(r, 3200));
      const call = (url: string) =>
        fetch(`${url}/v1/actions/jira.search_issues`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ input: { jql: 'project = OPS' } }),
        }).then((r) => r.status);
      const statuses = await Promise.all([...Array(50)].flatMap(() => [call(cp.dataPlane.url), call(second!.url)]));
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      const refreshed = (await refreshCount(cp.dataPlane.url)) - refreshesBefore + (await refreshCount(second.url));
      expect(refreshed).toBe(1);
      // The family was not revoked: the connection still works afterwards (once Jira's
      // per-second burst window, which 100 calls exhausted, has passed).
      await new Promise((r) => setTimeout(r, 1100));
      expect((await cp.callTool(key, 'jira.search_issues', { input: { jql: 'project = OPS' } })).status).toBe(200);
    } finally {
      await second?.close();
      await secondDb.destroy();
    }
  }, 60_000);

  it('moves a connection whose refresh token is dead to needs_reauth, with an event', async () => {
    jira.control.revokeTokens();
    const result = await cp.callTool(key, 'jira.search_issues', { input: { jql: 'project = OPS' } });
    expect(result.status).toBe(424);
    expect(result.body.error.code).toBe('needs_reauth');
    const status = await eventually(
      async () => {
        const data = await cp.ok<{ connections: { edges: { node: { id: string; status: string } }[] } }>(
          '{ connections { edges { node { id status } } } }',
          {},
          tenant.token,
        );
        const node = data.connections.edges.find((e) => e.node.id === jiraConnectionId)?.node;
        return node?.status === 'needs_reauth' ? node.status : undefined;
      },
      { what: 'needs_reauth recorded' },
    );
    expect(status).toBe('needs_reauth');
    // The data plane learns it from the config stream and answers at once from then on.
    await eventually(async () =>
      (await cp.callTool(key, 'jira.search_issues', { input: { jql: 'project = OPS' } })).body.error?.code === 'needs_reauth' ? true : undefined,
    );
  });
});

async function refreshCount(url: string): Promise<number> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const match = /causeway_token_refresh_total\{[^}]*outcome="success"[^}]*\} (\d+)/.exec(metrics);
  return match ? Number(match[1]) : 0;
}
