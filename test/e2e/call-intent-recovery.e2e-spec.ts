import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEFAULT_CLIENT, SLACK_DEFAULT_SCOPES, startSlackSimulator, type RunningSimulator, type SlackSimulatorControl } from '@causeway/simulators';
import { eventually, uniqueId } from '@causeway/testing';
import { startSeparateServices, type SeparateServices } from '../support/separate-services';

/**
 * A trail entry before the side effect: the data plane is SIGKILLed after Slack performed a
 * write and before its answer came back. No call event was written; after the restart the
 * trail holds exactly one `outcome_unknown` event for that call, and the chain still verifies.
 */
describe('a call cut off between the provider’s write and its answer', () => {
  const ADMIN = { email: 'ops@intent.example', password: randomBytes(18).toString('base64url') };
  let running: SeparateServices;
  let slack: RunningSimulator<SlackSimulatorControl>;
  let upstream: HoldingUpstream;
  let db: Client;

  beforeAll(async () => {
    slack = await startSlackSimulator();
    upstream = await holdingUpstream(slack.url, (path) => path.includes('chat.postMessage'));
    // Production shares one secret store (Vault) between the control plane and the data plane; here one directory and key.
    const secrets = { CAUSEWAY_SECRETS_DIR: mkdtempSync(join(tmpdir(), 'intent-secrets-')), CAUSEWAY_MASTER_KEY: randomBytes(32).toString('base64') };
    const egress = { EGRESS_ALLOW_PRIVATE: '127.0.0.1/32', EGRESS_PLAIN_HTTP: 'allowed_private' };
    running = await startSeparateServices('intent', {
      envFor: {
        'data-plane': { ...secrets, ...egress },
        'control-plane': {
          ...secrets,
          ...egress,
          CAUSEWAY_ALLOW_UPSTREAM_OVERRIDES: 'true',
          CAUSEWAY_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
          CAUSEWAY_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
        },
      },
    });
    db = new Client({ connectionString: running.db.url });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await running?.stop('SIGKILL');
    await upstream?.close();
    await slack?.stop();
  }, 60_000);

  const gql = async <T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> => {
    const response = await fetch(`${running.urls['control-plane']}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const login = async (tenant: string | null) =>
    (
      await gql<{ login: { accessToken: string } }>(
        'mutation($e: String!, $p: String!, $t: String) { login(email: $e, password: $p, tenant: $t) { accessToken } }',
        { e: ADMIN.email, p: ADMIN.password, t: tenant },
      )
    ).login.accessToken;

  /** A tenant with an agent key and a shared Slack connection whose API goes through the holding upstream. */
  async function tenantWithSlack(): Promise<{ tenantId: string; key: string; connectionId: string }> {
    const slug = uniqueId('intent').toLowerCase();
    const created = await gql<{ createTenant: { tenant: { id: string }; ownerInvitation: { link: string } } }>(
      'mutation($i: CreateTenantInput!) { createTenant(input: $i) { tenant { id } ownerInvitation { link } } }',
      { i: { slug, name: 'Intent', adminEmail: ADMIN.email } },
      await login(null),
    );
    const invitation = new URLSearchParams(new URL(created.createTenant.ownerInvitation.link).hash.slice(1)).get('invitation');
    const owner = (
      await gql<{ acceptInvitation: { accessToken: string } }>(
        'mutation($t: String!) { acceptInvitation(token: $t) { accessToken } }',
        { t: invitation },
        await login(null),
      )
    ).acceptInvitation.accessToken;
    const key = await gql<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "agent", scopes: ["call:Tool", "read:Tool"] }) { secret } }',
      {},
      owner,
    );
    await gql(
      'mutation($i: ConfigureOAuthAppInput!) { configureOAuthApp(input: $i) { provider } }',
      {
        i: {
          provider: 'slack',
          clientId: DEFAULT_CLIENT.clientId,
          clientSecret: DEFAULT_CLIENT.clientSecret,
          authorizeUrl: `${slack.url}/oauth/v2/authorize`,
          tokenUrl: `${slack.url}/api/oauth.v2.access`,
        },
      },
      owner,
    );
    const started = await gql<{ startConnection: { authorizeUrl: string } }>(
      'mutation($i: StartConnectionInputModel!) { startConnection(input: $i) { authorizeUrl } }',
      {
        i: {
          provider: 'slack',
          name: 'slack',
          kind: 'shared',
          scopes: SLACK_DEFAULT_SCOPES,
          serverOverrides: JSON.stringify({ default: `${upstream.url}/api` }),
        },
      },
      owner,
    );
    const consent = await fetch(started.startConnection.authorizeUrl, { redirect: 'manual' });
    const callback = await fetch(consent.headers.get('location')!, { headers: { accept: 'application/json' } });
    if (callback.status !== 200) throw new Error(`OAuth callback answered ${callback.status}: ${await callback.text()}`);
    const connectionId = ((await callback.json()) as { connection: { id: string } }).connection.id;
    return { tenantId: created.createTenant.tenant.id, key: key.createApiKey.secret, connectionId };
  }

  const callEvents = async (tenantId: string) =>
    (
      await db.query<{ outcome: string; tool: string; connection_id: string; event: { details?: Record<string, unknown> } }>(
        `SELECT outcome, tool, connection_id, event FROM audit.audit_events WHERE tenant_id = $1 AND action = 'tool.call'`,
        [tenantId],
      )
    ).rows;

  it('audits the write as outcome_unknown exactly once after the restart, naming tool, connection and Idempotency-Key, never the payload', async () => {
    const { tenantId, key, connectionId } = await tenantWithSlack();
    const dataPlane = running.urls['data-plane'];
    // The data plane learns the key from the config stream.
    await eventually(async () => ((await fetch(`${dataPlane}/v1/tools`, { headers: { authorization: `Bearer ${key}` } })).status === 200 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the key on the data plane',
    });

    const cutOff = fetch(`${dataPlane}/v1/actions/slack.post_message`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': 'release-42' },
      body: JSON.stringify({ input: { channel: 'C0GENERAL01', text: 'the confidential release note' } }),
    }).catch((error: unknown) => error);
    // Slack has written the message; its answer is held back.
    await upstream.received;
    expect(slack.control.writeCount('POST /api/chat.postMessage')).toBe(1);
    await running.restart('data-plane', 'SIGKILL');
    // The agent never got an answer: its connection died with the process.
    expect(String(await cutOff)).toMatch(/fetch failed/);

    const events = await eventually(
      async () => {
        const rows = await callEvents(tenantId);
        return rows.length > 0 ? rows : undefined;
      },
      { timeoutMs: 60_000, what: 'the outcome_unknown event in the audit store' },
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: 'outcome_unknown', tool: 'slack.post_message', connection_id: connectionId });
    expect(events[0].event.details).toMatchObject({ idempotencyKey: 'release-42' });
    expect(JSON.stringify(events[0].event)).not.toContain('confidential');

    // A later call's event follows it, and the tenant's chain verifies over both.
    const after = await fetch(`${dataPlane}/v1/actions/slack.list_channels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { limit: 1 } }),
    });
    expect(after.status).toBe(200);
    await eventually(async () => ((await callEvents(tenantId)).length === 2 ? true : undefined), { timeoutMs: 60_000, what: 'the next call event' });
    expect((await callEvents(tenantId)).filter((e) => e.outcome === 'outcome_unknown')).toHaveLength(1);
    const verdict = (await (
      await fetch(`${running.urls.audit}/v1/tenants/${tenantId}/verify`, { headers: { authorization: `Bearer ${running.shared.AUDIT_INTERNAL_TOKEN}` } })
    ).json()) as { ok: boolean };
    expect(verdict.ok).toBe(true);
  }, 240_000);
});

interface HoldingUpstream {
  url: string;
  /** Resolves once a held request was performed by the upstream (its answer is then withheld). */
  received: Promise<void>;
  close(): Promise<void>;
}

/**
 * In front of a simulator: passes every request on and its answer back, except those `hold`
 * picks — they are performed by the simulator, and their answer never leaves.
 */
async function holdingUpstream(target: string, hold: (path: string) => boolean): Promise<HoldingUpstream> {
  let signal!: () => void;
  const received = new Promise<void>((resolve) => (signal = resolve));
  const held: ServerResponse[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type']) if (request.headers[name]) headers[name] = String(request.headers[name]);
      const body = Buffer.concat(chunks);
      const answer = await fetch(`${target}${request.url}`, { method: request.method, headers, body: body.length > 0 ? body : undefined });
      const payload = Buffer.from(await answer.arrayBuffer());
      if (hold(request.url ?? '')) {
        held.push(response);
        signal();
        return;
      }
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      response.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: async () => {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
