import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createScratchDatabase,
  freePort,
  startTsProcess,
  testKafkaBrokers,
  uniqueId,
  waitForReady,
  type ScratchDatabase,
  type ServiceProcess,
} from '@causeway/testing';

/**
 * Every metric a Grafana dashboard or a Prometheus alert rule names (deploy/metrics-used.txt,
 * kept in step with them by tools/scripts/lint-deploy.sh) is exported by the running services.
 * A dashboard panel or an alert on a metric nobody exports would stay silent forever.
 */
describe('metrics named by dashboards and alert rules', () => {
  let db: ScratchDatabase;
  const services: ServiceProcess[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    db = await createScratchDatabase('metrics');
    const dir = mkdtempSync(join(tmpdir(), 'causeway-metrics-'));
    const secret = () => randomBytes(32).toString('hex');
    const common = {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      LOG_LEVEL: 'warn',
      CAUSEWAY_JWT_SECRET: secret(),
      CAUSEWAY_API_KEY_PEPPER: secret(),
      CAUSEWAY_INTERNAL_TOKEN: secret(),
      AUDIT_INTERNAL_TOKEN: secret(),
    };
    const specs = [
      ['audit', 'apps/audit/src/main.ts', { AUDIT_CONSUMER_GROUP: uniqueId('audit-metrics'), AUDIT_SIGNING_KEY_FILE: join(dir, 'key.pem') }],
      ['data-plane', 'apps/data-plane/src/main.ts', { INSTANCE_ID: uniqueId('dp'), AUDIT_SPOOL_DIR: join(dir, 'spool'), CAUSEWAY_SECRETS_DIR: join(dir, 'dp') }],
      ['control-plane', 'apps/control-plane/src/main.ts', { CAUSEWAY_SECRETS_DIR: join(dir, 'cp') }],
    ] as const;
    for (const [name, entry, extra] of specs) {
      const port = await freePort();
      services.push(startTsProcess(name, entry, { ...common, ...extra, PORT: String(port) }));
      urls.push(`http://127.0.0.1:${port}`);
    }
    await Promise.all(services.map((s, i) => waitForReady(`${urls[i]}/readyz`, s)));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop('SIGTERM')));
    await db?.drop();
  }, 30_000);

  it('are all exported by the running services', async () => {
    const scraped = (await Promise.all(urls.map(async (url) => (await fetch(`${url}/metrics`)).text()))).join('\n');
    const exported = new Set([...scraped.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    const named = readFileSync(join(__dirname, '..', '..', 'deploy', 'metrics-used.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((name) => !exported.has(name))).toEqual([]);
  });
});
