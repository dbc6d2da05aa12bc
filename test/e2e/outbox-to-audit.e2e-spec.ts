import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  createScratchDatabase,
  eventually,
  freePort,
  runTsProcess,
  startTsProcess,
  testKafkaBrokers,
  uniqueId,
  waitForReady,
  type ScratchDatabase,
  type ServiceProcess,
} from '@causeway/testing';

/**
 * The three services as separate processes against real Postgres and Kafka: a tenant
 * created by the operator travels through the control plane's outbox, over Kafka, into the
 * audit store, and the data plane's config view picks up the tenant.
 */
describe('services as separate processes (Postgres + Kafka)', () => {
  let db: ScratchDatabase;
  const services: ServiceProcess[] = [];
  const urls: Record<string, string> = {};

  beforeAll(async () => {
    db = await createScratchDatabase('e2e');
    const dir = mkdtempSync(join(tmpdir(), 'causeway-e2e-'));
    const secret = () => randomBytes(32).toString('hex');
    const internalToken = secret();
    const auditToken = secret();
    const common = {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      LOG_LEVEL: 'warn',
      CAUSEWAY_JWT_SECRET: secret(),
      CAUSEWAY_API_KEY_PEPPER: secret(),
      CAUSEWAY_INTERNAL_TOKEN: internalToken,
      AUDIT_INTERNAL_TOKEN: auditToken,
    };
    const specs = [
      ['audit', 'apps/audit/src/main.ts', { AUDIT_CONSUMER_GROUP: uniqueId('audit-e2e'), AUDIT_SIGNING_KEY_FILE: join(dir, 'audit-key.pem') }],
      ['data-plane', 'apps/data-plane/src/main.ts', { INSTANCE_ID: uniqueId('dp'), AUDIT_SPOOL_DIR: join(dir, 'spool'), CAUSEWAY_SECRETS_DIR: join(dir, 'dp-secrets') }],
      ['control-plane', 'apps/control-plane/src/main.ts', { CAUSEWAY_SECRETS_DIR: join(dir, 'cp-secrets') }],
    ] as const;
    for (const [name, entry, extra] of specs) {
      const port = await freePort();
      const proc = startTsProcess(name, entry, { ...common, ...extra, PORT: String(port) });
      services.push(proc);
      urls[name] = `http://127.0.0.1:${port}`;
    }
    await Promise.all(services.map((s) => waitForReady(`${urls[s.name]}/readyz`, s)));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop('SIGKILL')));
    await db?.drop();
  }, 30_000);

  it('carries tenant.created from the control plane outbox through Kafka into the audit store', async () => {
    const slug = uniqueId('e2e').toLowerCase();
    const created = await runTsProcess('apps/control-plane/src/cli.ts', { DATABASE_URL: db.url }, [
      'tenants',
      'create',
      '--slug',
      slug,
      '--name',
      'E2E Corp',
      '--operator',
      'ops@example.com',
    ]);
    expect(created.code).toBe(0);
    const tenant = JSON.parse(created.output.trim().split('\n').pop()!);

    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const row = await eventually(
        async () => {
          const { rows } = await client.query(
            `SELECT action, actor_type, actor_id, event FROM audit.audit_events WHERE tenant_id = $1`,
            [tenant.id],
          );
          return rows[0];
        },
        { timeoutMs: 30_000, what: 'the audit row' },
      );
      expect(row).toMatchObject({ action: 'tenant.created', actor_type: 'operator', actor_id: 'ops@example.com' });
      expect(row.event.details.after).toEqual({ slug, name: 'E2E Corp', status: 'active' });
    } finally {
      await client.end();
    }

    // The data plane read the same change from the config stream.
    await eventually(
      async () => {
        const metrics = await (await fetch(`${urls['data-plane']}/metrics`)).text();
        const age = /causeway_config_age_seconds\{[^}]*\} (\S+)/.exec(metrics)?.[1];
        return age !== undefined && Number(age) >= 0 ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'the data plane to apply a config change' },
    );
  }, 90_000);

  it('reports each dependency on /readyz and exports request metrics', async () => {
    const ready = await (await fetch(`${urls['control-plane']}/readyz`)).json();
    expect(ready).toEqual({ status: 'ready', dependencies: { database: { ok: true }, 'event-bus': { ok: true }, 'secret-store': { ok: true } } });
    const metrics = await (await fetch(`${urls['control-plane']}/metrics`)).text();
    expect(metrics).toMatch(/causeway_http_request_duration_seconds_count\{[^}]*route="\/readyz",status_class="2xx"\} [1-9]/);
  });

  it('shuts down gracefully on SIGTERM', async () => {
    for (const service of [...services].reverse()) {
      expect({ service: service.name, code: await service.stop('SIGTERM') }).toEqual({ service: service.name, code: 0 });
    }
  }, 60_000);
});
