import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { eventually, freePort, runTsProcess, startServiceProcess, waitForReady, type ServiceProcess } from '@causeway/testing';

/**
 * `npm start`'s entry point: all three services in one process on PGlite and the
 * in-process bus, with no external service. The same tenant.created flow as with Postgres
 * and Kafka, and the data survives a restart.
 */
describe('embedded default (no external services)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'causeway-embedded-'));
  let env: Record<string, string>;
  let proc: ServiceProcess | undefined;

  beforeAll(async () => {
    env = {
      CAUSEWAY_DATA_DIR: dataDir,
      CONTROL_PLANE_PORT: String(await freePort()),
      DATA_PLANE_PORT: String(await freePort()),
      AUDIT_PORT: String(await freePort()),
      EMBEDDED_DB_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      // The embedded default must not depend on these even when the shell has them.
      DATABASE_URL: '',
      KAFKA_BROKERS: '',
    };
  });

  afterAll(async () => {
    await proc?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    proc = startServiceProcess('embedded', env);
    for (const port of [env.CONTROL_PLANE_PORT, env.DATA_PLANE_PORT, env.AUDIT_PORT]) {
      await waitForReady(`http://127.0.0.1:${port}/readyz`, proc);
    }
    // Ready to serve, and done seeding the demo tenant (printed last).
    await eventually(() => (proc!.output().includes('Causeway is running') ? true : undefined), { timeoutMs: 90_000, what: 'the start-up banner' }).catch(
      (error) => {
        throw new Error(`${error.message}\n${proc!.output()}`);
      },
    );
  };
  const dbUrl = () => `postgres://postgres:postgres@127.0.0.1:${env.EMBEDDED_DB_PORT}/postgres`;
  const auditRows = async (tenantId: string) => {
    const client = new Client({ connectionString: dbUrl() });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT action FROM audit.audit_events WHERE tenant_id = $1 AND action = 'tenant.created'`, [tenantId]);
      return rows.map((r) => r.action as string);
    } finally {
      await client.end();
    }
  };

  it('starts, prints its URLs, and carries tenant.created into the audit store', async () => {
    await start();
    expect(proc!.output()).toContain(`control plane  http://127.0.0.1:${env.CONTROL_PLANE_PORT}`);

    const created = await runTsProcess('apps/control-plane/src/cli.ts', { DATABASE_URL: dbUrl() }, [
      'tenants',
      'create',
      '--slug',
      'embedded-corp',
      '--name',
      'Embedded Corp',
    ]);
    expect(created.code).toBe(0);
    const tenant = JSON.parse(created.output.trim().split('\n').pop()!);
    env.TENANT_ID = tenant.id;

    expect(
      await eventually(
        async () => {
          const rows = await auditRows(tenant.id);
          return rows.length ? rows : undefined;
        },
        { timeoutMs: 20_000, what: 'the audit row' },
      ),
    ).toEqual(['tenant.created']);
  }, 120_000);

  const demo = () => JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as { admin: { email: string; password: string }; apiKey: { key: string } };
  const gql = async <T>(query: string, variables: Record<string, unknown>, token?: string) => {
    const response = await fetch(`http://127.0.0.1:${env.CONTROL_PLANE_PORT}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: T; errors?: { message: string }[] };
  };

  it('shows the demo credentials on the first start, on the terminal and in demo.json', () => {
    // Wired through the egress allow-list of exactly the simulators' ports.
    expect(proc!.output()).toContain(
      'connections      slack, jira, salesforce, github, contentful, zendesk, hubspot, notion, gitlab, pagerduty, stripe, asana (bundled simulators)',
    );
    expect(proc!.output()).toContain(demo().admin.password);
    expect(proc!.output()).toContain(demo().apiKey.key);
  });

  it('listens on loopback only', async () => {
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    // A machine with no other interface has nothing to show here.
    if (!outside) return;
    for (const port of [env.CONTROL_PLANE_PORT, env.DATA_PLANE_PORT, env.AUDIT_PORT]) {
      await expect(fetch(`http://${outside.address}:${port}/healthz`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow();
    }
  });

  it("refuses a tenant's connection aimed at the control plane: egress admits the simulators' ports only", async () => {
    const login = await gql<{ login: { accessToken: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p, tenant: "demo") { accessToken } }',
      { e: demo().admin.email, p: demo().admin.password },
    );
    const token = login.data!.login.accessToken;
    const created = await gql<{ createConnection: { id: string } }>(
      'mutation($i: CreateConnectionInputModel!) { createConnection(input: $i) { id } }',
      {
        i: {
          provider: 'contentful',
          name: 'aimed inside',
          kind: 'shared',
          authMode: 'personal_access_token',
          token: 'CFPAT-x',
          serverOverrides: JSON.stringify({ default: `http://127.0.0.1:${env.CONTROL_PLANE_PORT}` }),
        },
      },
      token,
    );
    expect(created.errors).toBeUndefined();
    const started = Date.now();
    const tested = await gql<{ testConnection: { ok: boolean; code: string; message: string } }>(
      'mutation($id: ID!, $a: String, $in: String) { testConnection(id: $id, action: $a, input: $in) { ok code message } }',
      { id: created.data!.createConnection.id, a: 'contentful.get_entry', in: JSON.stringify({ spaceId: 's', entryId: 'e' }) },
      token,
    );
    expect(tested.data?.testConnection).toEqual({ ok: false, code: 'forbidden', message: 'Contentful: refused by egress policy' });
    expect(Date.now() - started).toBeLessThan(5000);
  }, 30_000);

  it('stops gracefully and restarts with its data intact, pointing to demo.json instead of printing credentials', async () => {
    expect(await proc!.stop('SIGTERM')).toBe(0);
    await start();
    // The event is stored exactly once: the relay did not publish it again after restart.
    expect(await auditRows(env.TENANT_ID)).toEqual(['tenant.created']);
    expect(proc!.output()).not.toContain(demo().admin.password);
    expect(proc!.output()).not.toContain(demo().apiKey.key);
    expect(proc!.output()).toContain(`${dataDir}/demo.json`);
  }, 120_000);
});
