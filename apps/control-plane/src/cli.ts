import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig, logLevel, postgresUrl } from '@causeway/config';
import { migrate } from '@causeway/database';
import { AppError } from '@causeway/platform';
import { createControlPlaneDataSource } from './database/data-source';
import { TenantsService } from './tenants/tenants.service';

/**
 * The platform operator's command line. It writes through the same services as the API,
 * so every change lands with its outbox events; the running control plane's relay
 * publishes them.
 *
 *   causeway-admin tenants create --slug acme --name "Acme Corp" [--operator ops@example.com]
 */
const usage = 'usage: causeway-admin tenants create --slug <slug> --name <name> [--operator <id>]';

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { slug: { type: 'string' }, name: { type: 'string' }, operator: { type: 'string' } },
  });
  if (positionals.join(' ') !== 'tenants create') throw new Error(usage);
  const config = loadConfig(
    'causeway-admin',
    z.object({ DATABASE_URL: postgresUrl.unwrap(), LOG_LEVEL: logLevel }),
  );
  const dataSource = createControlPlaneDataSource(config.DATABASE_URL, 1);
  await dataSource.initialize();
  try {
    await migrate(dataSource);
    const tenants = new TenantsService(dataSource, () => undefined);
    const tenant = await tenants.createTenant(
      { type: 'operator', id: values.operator ?? process.env.USER ?? 'operator' },
      { slug: values.slug ?? '', name: values.name ?? '' },
    );
    process.stdout.write(`${JSON.stringify({ id: tenant.id, slug: tenant.slug, name: tenant.name })}\n`);
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).catch((error) => {
  const message = error instanceof AppError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(error instanceof AppError ? 2 : 1);
});
