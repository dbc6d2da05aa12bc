import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig, logLevel, postgresUrl } from '@causeway/config';
import { migrate } from '@causeway/database';
import { AppError } from '@causeway/platform';
import { createControlPlaneDataSource } from './database/data-source';
import { RolesService } from './roles/roles.service';
import { TenantsService } from './tenants/tenants.service';
import { UsersService } from './users/users.service';

/**
 * The platform operator's command line. It writes through the same services as the API,
 * so every change lands with its outbox events; the running control plane's relay
 * publishes them.
 *
 *   causeway-admin tenants create --slug acme --name "Acme Corp" [--admin-email a@acme.com] [--operator ops@example.com]
 *
 * A new admin user's password comes from CAUSEWAY_ADMIN_PASSWORD, never from argv (which
 * other local users can read in the process list).
 */
const usage = 'usage: causeway-admin tenants create --slug <slug> --name <name> [--admin-email <email>] [--operator <id>]';

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { slug: { type: 'string' }, name: { type: 'string' }, operator: { type: 'string' }, 'admin-email': { type: 'string' } },
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
    const noNudge = () => undefined; // the running control plane's relay publishes on its next poll
    const tenants = new TenantsService(dataSource, noNudge, new RolesService(dataSource, noNudge), new UsersService(dataSource));
    const { tenant } = await tenants.createTenant(
      { type: 'operator', id: values.operator ?? process.env.USER ?? 'operator' },
      {
        slug: values.slug ?? '',
        name: values.name ?? '',
        adminEmail: values['admin-email'],
        adminPassword: process.env.CAUSEWAY_ADMIN_PASSWORD,
      },
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
