import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { eventually, freePort, startTsProcess, uniqueId, type ServiceProcess } from '@causeway/testing';
import { bearer } from './audit-test-support';

interface Harness {
  proc: ServiceProcess;
  url: string;
  token: string;
  dbUrl: string;
}

/**
 * The embedded default runs the same migrations on PGlite (PostgreSQL 18 in WASM): the
 * partitioned table, the writer role and the chain all work there, and survive a restart.
 */
describe('audit on the embedded default (PGlite + in-process bus)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'audit-pglite-'));
  const tenant = uniqueId('tenant-embedded');
  let harness: Harness | undefined;

  async function boot(events: number): Promise<Harness> {
    const proc = startTsProcess('embedded-audit', 'apps/audit/test/embedded-audit.harness.ts', {
      DATA_DIR: dataDir,
      TENANT: tenant,
      EVENTS: String(events),
      DB_PORT: String(await freePort()),
    });
    const line = await eventually(
      () => {
        if (proc.child.exitCode !== null) throw new Error(`harness exited:\n${proc.output()}`);
        return proc
          .output()
          .split('\n')
          .find((l) => l.startsWith('{"url"'));
      },
      { timeoutMs: 60_000, what: 'the embedded audit service' },
    );
    return { proc, ...JSON.parse(line) };
  }

  async function query(text: string) {
    const client = new Client({ connectionString: harness!.dbUrl });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  }

  /** PGlite serves every connection from one session: the role change must not outlive the statement. */
  async function asWriter(statement: string) {
    const client = new Client({ connectionString: harness!.dbUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE causeway_audit_writer');
      return await client.query(statement);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    }
  }

  const verify = async () =>
    (await (await fetch(`${harness!.url}/v1/tenants/${tenant}/verify`, { headers: bearer(harness!.token) })).json()) as {
      ok: boolean;
      checkpointsChecked?: number;
    };

  afterAll(async () => {
    await harness?.proc.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('chains, partitions and restricts there too, and verifies after a restart', async () => {
    harness = await boot(30);
    expect(await verify()).toMatchObject({ ok: true, checkedCount: 30, headSeq: 30 });
    const [{ n }] = await query(`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'audit.audit_events'::regclass`);
    expect(n).toBeGreaterThanOrEqual(4);
    await expect(asWriter(`DELETE FROM audit.audit_events`)).rejects.toThrow(/permission denied/);
    await expect(asWriter(`UPDATE audit.audit_events SET outcome = 'denied'`)).rejects.toThrow(/permission denied/);
    expect((await asWriter(`SELECT count(*)::int AS n FROM audit.audit_events`)).rows).toEqual([{ n: 30 }]);
    // Lag is measured on the in-process bus too: everything published is handled.
    expect(await (await fetch(`${harness.url}/metrics`)).text()).toMatch(/^causeway_audit_consumer_lag\{service="audit"\} 0$/m);
    expect(await harness.proc.stop('SIGTERM')).toBe(0);

    harness = await boot(5);
    // The key file outlives the process, so the first run's checkpoints still verify.
    expect(await verify()).toMatchObject({ ok: true, checkedCount: 35, headSeq: 35 });
    expect((await verify()).checkpointsChecked).toBeGreaterThanOrEqual(1);
    expect(await harness.proc.stop('SIGTERM')).toBe(0);
  }, 180_000);
});
