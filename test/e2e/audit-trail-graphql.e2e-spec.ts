import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort, startServiceProcess, type ServiceProcess } from '@causeway/testing';

interface Running {
  urls: { controlPlane: string; dataPlane: string };
  demo: { admin: { email: string; password: string }; apiKey: { key: string } };
}

/**
 * The whole platform composed as the embedded default: an agent's call and an admin's change
 * land in the tenant's hash-chained trail, which its owner reads and verifies through the
 * control plane's GraphQL (served by the audit service behind it); a viewer may not.
 */
describe('audit trail through GraphQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'causeway-audit-gql-'));
  let proc: ServiceProcess;
  let running: Running;
  let token: string;

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, bearer = token) => {
    const response = await fetch(`${running.urls.controlPlane}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
  };

  beforeAll(async () => {
    // PGlite cannot load inside Jest's VM: the embedded default runs as its own process, as `npm start` does.
    const ports = { cp: await freePort(), dp: await freePort(), audit: await freePort() };
    proc = startServiceProcess('embedded', {
      CAUSEWAY_DATA_DIR: dataDir,
      CONTROL_PLANE_PORT: String(ports.cp),
      DATA_PLANE_PORT: String(ports.dp),
      AUDIT_PORT: String(ports.audit),
      LOG_LEVEL: 'warn',
    });
    await eventually(() => (proc.output().includes('Causeway is running') ? true : undefined), { timeoutMs: 90_000, what: 'the embedded default' });
    const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8'));
    running = { urls: { controlPlane: `http://127.0.0.1:${ports.cp}`, dataPlane: `http://127.0.0.1:${ports.dp}` }, demo };
    const login = await fetch(`${running.urls.controlPlane}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p, tenant: "demo") { accessToken } }',
        variables: { e: running.demo.admin.email, p: running.demo.admin.password },
      }),
    });
    token = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
  }, 120_000);

  afterAll(async () => {
    await proc?.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("shows an agent's call and admin changes in the tenant's trail, and verifies the chain", async () => {
    const call = await fetch(`${running.urls.dataPlane}/v1/actions/slack.post_message`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.demo.apiKey.key}`, 'content-type': 'application/json', 'x-workflow-run-id': 'run-audit-1' },
      body: JSON.stringify({ input: { channel: 'C0ENG000001', text: 'audited' } }),
    });
    const requestId = ((await call.json()) as { meta: { requestId: string } }).meta.requestId;
    const events = await eventually(
      async () => {
        const result = await gql<{ auditEvents: { edges: { node: { action: string; outcome: string; workflowRunId: string | null; seq: number } }[] } }>(
          'query($c: String) { auditEvents(filter: { correlationId: $c }) { edges { node { action outcome workflowRunId seq } } } }',
          { c: requestId },
        );
        return result.data?.auditEvents.edges.length ? result.data.auditEvents.edges : undefined;
      },
      { timeoutMs: 15_000, what: 'the call in the trail' },
    );
    expect(events[0].node).toMatchObject({ action: 'tool.call', outcome: 'success', workflowRunId: 'run-audit-1' });
    const byRun = await gql<{ auditEvents: { edges: { node: { action: string; workflowRunId: string } }[] } }>(
      '{ auditEvents(filter: { workflowRunId: "run-audit-1" }) { edges { node { action workflowRunId } } } }',
    );
    expect(byRun.data?.auditEvents.edges.map((e) => e.node)).toEqual([{ action: 'tool.call', workflowRunId: 'run-audit-1' }]);

    const admin = await gql<{ auditEvents: { edges: { node: { action: string } }[] } }>(
      '{ auditEvents(filter: { action: "api_key.created" }) { edges { node { action } } } }',
    );
    expect(admin.data?.auditEvents.edges.length).toBeGreaterThanOrEqual(1);

    const verdict = await gql<{
      verifyAuditTrail: {
        ok: boolean;
        checkedCount: number;
        headSeq: number;
        checkpointsChecked: number;
        latestCheckpoint: { seq: number; keyId: string } | null;
      };
    }>('{ verifyAuditTrail { ok checkedCount headSeq brokenAt reason checkpointsChecked latestCheckpoint { seq headHash createdAt keyId signature } } }');
    expect(verdict.data?.verifyAuditTrail.ok).toBe(true);
    expect(verdict.data?.verifyAuditTrail.checkedCount).toBeGreaterThan(1);
    // Checkpoints are signed once a minute: before the first, none is shown and none was checked.
    const { latestCheckpoint, checkpointsChecked, headSeq } = verdict.data!.verifyAuditTrail;
    if (latestCheckpoint) expect(latestCheckpoint.seq).toBeLessThanOrEqual(headSeq);
    else expect(checkpointsChecked).toBe(0);
  }, 60_000);

  it("charts an API key's calls per UTC day from the trail: one bucket per day, today last", async () => {
    const keys = await gql<{ apiKeys: { edges: { node: { id: string; prefix: string } }[] } }>('{ apiKeys(first: 100) { edges { node { id prefix } } } }');
    const demoKey = keys.data!.apiKeys.edges.map((e) => e.node).find((k) => running.demo.apiKey.key.includes(k.prefix))!;
    const failing = await fetch(`${running.urls.dataPlane}/v1/actions/slack.post_message`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.demo.apiKey.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { channel: 'C0NOSUCHCHAN', text: 'to nowhere' } }),
    });
    expect(failing.ok).toBe(false);
    type Usage = { apiKeyUsage: { day: string; calls: number; errors: number; refused: number; costUnits: number }[] };
    const usage = await eventually(
      async () => {
        const result = await gql<Usage>('query($k: ID!) { apiKeyUsage(keyId: $k, days: 7) { day calls errors refused costUnits } }', { k: demoKey.id });
        const today = result.data?.apiKeyUsage.at(-1);
        return today && today.calls >= 2 && today.errors + today.refused >= 1 ? result.data!.apiKeyUsage : undefined;
      },
      { timeoutMs: 15_000, what: 'both calls in the usage' },
    );
    expect(usage).toHaveLength(7);
    expect(usage.at(-1)!.day).toBe(new Date().toISOString().slice(0, 10));
  });

  it('is protected: a viewer may not read the trail', async () => {
    const added = await gql<{ addMember: { link: string } }>('mutation { addMember(input: { email: "viewer@demo.test", role: "viewer" }) { link } }');
    expect(added.errors).toBeUndefined();
    const token = new URL(added.data!.addMember.link).hash.replace('#invitation=', '');
    const accepted = await gql('mutation($t: String!) { acceptInvitation(token: $t, password: "a-long-viewer-password") { accessToken } }', { t: token }, '');
    expect(accepted.errors).toBeUndefined();
    const login = await fetch(`${running.urls.controlPlane}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(email: "viewer@demo.test", password: "a-long-viewer-password", tenant: "demo") { accessToken } }' }),
    });
    const viewer = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
    const result = await gql('{ auditEvents { edges { node { action } } } }', {}, viewer);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
