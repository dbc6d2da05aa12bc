import type { DataSource } from 'typeorm';
import { migrate } from './data-source';

/**
 * `causeway-migrate`, the command each service image provides and the Helm chart's migration
 * Jobs run: applies that service's pending migrations to `DATABASE_URL` under the same advisory
 * lock the services take at start, prints what it applied as one JSON line, and exits 0. Any
 * failure exits 1 with the reason on stderr (never the URL: it holds the password).
 */
export async function runMigrateCommand(service: string, createDataSource: (url: string) => DataSource, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const url = env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    process.stderr.write(`causeway-migrate (${service}): DATABASE_URL must be a postgres:// URL\n`);
    return 1;
  }
  const dataSource = createDataSource(url);
  try {
    await dataSource.initialize();
    const applied = await migrate(dataSource);
    process.stdout.write(`${JSON.stringify({ service, msg: 'migrations applied', applied })}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`causeway-migrate (${service}): ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
  }
}
