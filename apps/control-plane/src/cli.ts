import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig, logLevel, postgresUrl } from '@causeway/config';
import { migrate } from '@causeway/database';
import { AppError } from '@causeway/platform';
import { PasswordResets } from './auth/password-resets';
import { createControlPlaneDataSource } from './database/data-source';
import { RolesService } from './roles/roles.service';
import { TenantsService } from './tenants/tenants.service';

/**
 * The platform operator's command line. It writes through the same services as the API,
 * so every change lands with its outbox events; the running control plane's relay
 * publishes them.
 *
 *   causeway-admin tenants create --slug acme --name "Acme Corp" [--admin-email a@acme.com] [--operator ops@example.com]
 *   causeway-admin users reset-password --email a@acme.com
 *
 * Nobody's password passes through here. `tenants create` prints a single-use invitation
 * link for the first owner; `users reset-password` prints a single-use link that lets the
 * account holder choose a new password. Hand the link to the person; it is a credential.
 * Links start with CAUSEWAY_PUBLIC_URL (default http://127.0.0.1:4000).
 */
const usage = [
  'usage: causeway-admin tenants create --slug <slug> --name <name> [--admin-email <email>] [--operator <id>]',
  '       causeway-admin users reset-password --email <email>',
].join('\n');

const help = `${usage}

The platform operator's command line. It writes to the control plane's database through the
same services as the API; the running control plane publishes the changes.

Commands:
  tenants create          create a tenant; with --admin-email, print a single-use invitation
                          link for its first owner
  users reset-password    print a single-use link that lets the account holder choose a new
                          password
Hand a printed link to the person: it is a credential. The result is one JSON line on stdout.

Environment:
  DATABASE_URL            the control plane's PostgreSQL (required)
  CAUSEWAY_PUBLIC_URL     where links point (default http://127.0.0.1:4000)

Exit status: 0 done, 1 usage or error, 2 refused (e.g. the slug is taken).
`;

/** --help or -h anywhere, or `help` first: the full help on stdout and exit 0, before any configuration is read or connection made. */
function wantsHelp(argv: string[]): boolean {
  return argv.some((arg) => arg === '--help' || arg === '-h') || argv[0] === 'help';
}

const cliConfig = z.object({
  DATABASE_URL: postgresUrl.unwrap(),
  LOG_LEVEL: logLevel,
  CAUSEWAY_PUBLIC_URL: z.url().default('http://127.0.0.1:4000'),
});

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { slug: { type: 'string' }, name: { type: 'string' }, operator: { type: 'string' }, 'admin-email': { type: 'string' }, email: { type: 'string' } },
  });
  const command = positionals.join(' ');
  if (command !== 'tenants create' && command !== 'users reset-password') throw new Error(usage);
  if (command === 'users reset-password' && !values.email) throw new Error(`--email is required\n${usage}`);
  const config = loadConfig('causeway-admin', cliConfig);
  const dataSource = createControlPlaneDataSource(config.DATABASE_URL, 1);
  await dataSource.initialize();
  try {
    await migrate(dataSource);
    if (command === 'users reset-password') {
      const reset = await new PasswordResets(dataSource, () => config.CAUSEWAY_PUBLIC_URL).issue(values.email!);
      process.stdout.write(`${JSON.stringify({ email: values.email, resetLink: reset.link, expiresAt: reset.expiresAt.toISOString() })}\n`);
      return;
    }
    const noNudge = () => undefined; // the running control plane's relay publishes on its next poll
    const tenants = new TenantsService(dataSource, noNudge, new RolesService(dataSource, noNudge), { publicUrl: config.CAUSEWAY_PUBLIC_URL });
    const { tenant, ownerInvitation } = await tenants.createTenant(
      { type: 'operator', id: values.operator ?? process.env.USER ?? 'operator' },
      { slug: values.slug ?? '', name: values.name ?? '', adminEmail: values['admin-email'] },
    );
    const invitation = ownerInvitation && {
      email: ownerInvitation.invitation.email,
      link: ownerInvitation.link,
      expiresAt: ownerInvitation.invitation.expiresAt.toISOString(),
    };
    process.stdout.write(
      `${JSON.stringify({ id: tenant.id, slug: tenant.slug, name: tenant.name, ...(invitation ? { ownerInvitation: invitation } : {}) })}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

if (wantsHelp(process.argv.slice(2))) {
  process.stdout.write(help);
} else {
  main(process.argv.slice(2)).catch(reportFailure);
}

function reportFailure(error: unknown): void {
  const message = error instanceof AppError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(error instanceof AppError ? 2 : 1);
}
