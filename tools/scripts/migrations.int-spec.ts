import 'reflect-metadata';
import { Client } from 'pg';
import { migrate, pendingSchemaChanges } from '@causeway/database';
import { SERVICE_SCHEMAS } from './service-schemas';

/**
 * Migrations are code: for every service, the committed migrations applied to an empty
 * database must produce exactly what the entities describe. When this fails, run
 * `node -r @swc-node/register tools/scripts/generate-migration.ts <service> <Name>`.
 */
describe('committed migrations', () => {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const scratch = `causeway_drift_${process.pid}`;
  let admin: Client;

  beforeAll(async () => {
    admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${scratch}`);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin.end();
  });

  it.each(Object.keys(SERVICE_SCHEMAS))('match the entities of %s', async (service) => {
    const url = new URL(adminUrl);
    url.pathname = `/${scratch}`;
    const dataSource = SERVICE_SCHEMAS[service].create(url.toString());
    await dataSource.initialize();
    try {
      await migrate(dataSource);
      expect(await pendingSchemaChanges(dataSource)).toEqual([]);
      // Applying twice is a no-op (replicas and the migration Job may race).
      expect(await migrate(dataSource)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
