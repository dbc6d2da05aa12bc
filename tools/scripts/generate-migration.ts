/**
 * Writes a TypeORM migration with the SQL that brings a fresh schema, after the committed
 * migrations, in line with the entities.
 *
 *   node -r @swc-node/register tools/scripts/generate-migration.ts <service> <Name>
 *
 * Uses TEST_DATABASE_URL (default: the test Postgres of tools/infra) and a scratch database.
 */
import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrate } from '@causeway/database';
import { withMigration } from './migration-index';
import { SERVICE_SCHEMAS } from './service-schemas';

async function main() {
  const [service, name] = process.argv.slice(2);
  const target = SERVICE_SCHEMAS[service];
  if (!target || !name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    throw new Error(`usage: generate-migration <${Object.keys(SERVICE_SCHEMAS).join('|')}> <PascalCaseName>`);
  }
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://causeway:causeway@127.0.0.1:55432/causeway';
  const scratch = `causeway_migrations_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${scratch}`);
  const url = new URL(adminUrl);
  url.pathname = `/${scratch}`;
  const dataSource = target.create(url.toString());
  try {
    await dataSource.initialize();
    await migrate(dataSource);
    const log = await dataSource.driver.createSchemaBuilder().log();
    if (log.upQueries.length === 0) {
      process.stdout.write('entities and migrations already agree; nothing to generate\n');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const escape = (sql: string) => sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
    const up = log.upQueries.map((q) => `    await queryRunner.query(\`${escape(q.query)}\`);`).join('\n');
    const down = log.downQueries
      .reverse()
      .map((q) => `    await queryRunner.query(\`${escape(q.query)}\`);`)
      .join('\n');
    const file = join(target.migrationsDir, `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
        `export class ${className} implements MigrationInterface {\n` +
        `  name = '${className}';\n\n` +
        `  async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n` +
        `  async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    const indexFile = join(target.migrationsDir, 'index.ts');
    const index = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : undefined;
    writeFileSync(indexFile, withMigration(index, { className, module: `./${timestamp}-${name}` }));
    process.stdout.write(`wrote ${file}\n`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await admin.end();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
