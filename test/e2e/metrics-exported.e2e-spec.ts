import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSeparateServices, type SeparateServices } from '../support/separate-services';

/**
 * Every metric a Grafana dashboard or a Prometheus alert rule names (deploy/metrics-used.txt,
 * kept in step with them by tools/scripts/lint-deploy.sh) is exported by the running services.
 * A dashboard panel or an alert on a metric nobody exports would stay silent forever.
 */
describe('metrics named by dashboards and alert rules', () => {
  let running: SeparateServices;

  beforeAll(async () => {
    running = await startSeparateServices('metrics');
  }, 120_000);

  afterAll(() => running?.stop('SIGTERM'), 30_000);

  it('are all exported by the running services', async () => {
    const scraped = (await Promise.all(Object.values(running.urls).map(async (url) => (await fetch(`${url}/metrics`)).text()))).join('\n');
    const exported = new Set([...scraped.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    const named = readFileSync(join(__dirname, '..', '..', 'deploy', 'metrics-used.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((name) => !exported.has(name))).toEqual([]);
  });
});
