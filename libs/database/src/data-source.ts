import { Gauge, type Registry } from 'prom-client';
import { DataSource, MigrationExecutor, type EntitySchema, type MixedList } from 'typeorm';

export interface ServiceDataSourceOptions {
  url: string;
  /** Each service owns one Postgres schema; its tables and migration history live there. */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName: string;
}

export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    // gen_random_uuid() is built into Postgres 13+ and PGlite; uuid-ossp is in neither by default.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: options.applicationName,
    extra: {
      max: options.poolSize ?? 10,
      // Fail fast when the database is unreachable instead of queueing callers forever.
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
    },
  });
}

/**
 * Creates the schema and applies pending migrations under an advisory lock, so replicas that
 * start together (or a Helm migration Job racing a pod) never apply the same migration twice.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const schema = 'schema' in dataSource.options ? (dataSource.options.schema as string | undefined) : undefined;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const lockKey = `causeway:migrations:${schema ?? 'public'}`;
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    if (schema) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    // Same connection as the lock, so a pool of one is enough (the operator CLI uses one).
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * SQL that would bring the database in line with the entities after all migrations ran.
 * Empty means entities and migrations agree; CI fails otherwise.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}

/**
 * `causeway_db_pool_waiting`: callers queued for a connection of this service's pool, read at
 * scrape time (saturation shows here before it shows as latency).
 */
export function registerPoolMetrics(dataSource: DataSource, registry: Registry): void {
  const pool = () => (dataSource.driver as unknown as { master?: { waitingCount: number; totalCount: number; idleCount: number } }).master;
  new Gauge({
    name: 'causeway_db_pool_waiting',
    help: 'Database calls waiting for a pooled connection',
    registers: [registry],
    collect() {
      this.set(pool()?.waitingCount ?? 0);
    },
  });
  new Gauge({
    name: 'causeway_db_pool_in_use',
    help: 'Pooled database connections in use',
    registers: [registry],
    collect() {
      const p = pool();
      this.set(p ? p.totalCount - p.idleCount : 0);
    },
  });
}
