import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { eventually, freePort, runTsProcess, startTsProcess, waitForReady, type ServiceProcess } from '@causeway/testing';

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
    proc = startTsProcess('embedded', 'apps/embedded/src/main.ts', env);
    for (const port of [env.CONTROL_PLANE_PORT, env.DATA_PLANE_PORT, env.AUDIT_PORT]) {
      await waitForReady(`http://127.0.0.1:${port}/readyz`, proc);
    }
    // Ready to serve, and done seeding the demo tenant (printed last).
    await eventually(() => (proc!.output().includes('Causeway is running') ? true : undefined), { timeoutMs: 90_000, what: 'the start-up banner' }).catch((error) => {
      throw new Error(`${error.message}\n${proc!.output()}`);
    });
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
      await eventually(async () => {
        const rows = await auditRows(tenant.id);
        return rows.length ? rows : undefined;
      }, { timeoutMs: 20_000, what: 'the audit row' }),
    ).toEqual(['tenant.created']);
  }, 120_000);

  it('stops gracefully and restarts with its data intact', async () => {
    expect(await proc!.stop('SIGTERM')).toBe(0);
    await start();
    // The event is stored exactly once: the relay did not publish it again after restart.
    expect(await auditRows(env.TENANT_ID)).toEqual(['tenant.created']);
  }, 120_000);
});
