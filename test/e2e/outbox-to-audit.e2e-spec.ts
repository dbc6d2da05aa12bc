import { Client } from 'pg';
import { eventually, runTsProcess, uniqueId } from '@causeway/testing';
import { startSeparateServices, type SeparateServices } from '../support/separate-services';

/**
 * The three services as separate processes against real Postgres and Kafka: a tenant
 * created by the operator travels through the control plane's outbox, over Kafka, into the
 * audit store, and the data plane's config view picks up the tenant.
 */
describe('services as separate processes (Postgres + Kafka)', () => {
  let running: SeparateServices;
  let db: SeparateServices['db'];
  let services: SeparateServices['services'];
  let urls: SeparateServices['urls'];

  beforeAll(async () => {
    running = await startSeparateServices('e2e');
    ({ db, services, urls } = running);
  }, 120_000);

  afterAll(() => running?.stop('SIGKILL'), 30_000);

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
          const { rows } = await client.query(`SELECT action, actor_type, actor_id, event FROM audit.audit_events WHERE tenant_id = $1`, [tenant.id]);
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
