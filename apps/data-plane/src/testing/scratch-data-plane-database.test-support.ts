import type { DataSource } from 'typeorm';
import { migrate } from '@causeway/database';
import { createScratchDatabase } from '@causeway/testing';
import { createDataPlaneDataSource } from '../database/data-source';

/** A database of its own for one integration spec, migrated to the data plane's schema. */
export interface ScratchDataPlaneDatabase {
  /** For what needs its own connection: a child process, a second replica's pool, a restart. */
  url: string;
  dataSource: DataSource;
  /** Destroys the data source (unless the spec already has) and drops the database. */
  close(): Promise<void>;
}

/**
 * Creates a scratch database, opens a data-plane data source on it with `poolSize` connections
 * and migrates it. If any step fails, what was made is undone before the error is rethrown, so
 * an `afterAll` with `db?.close()` has nothing left behind to clean.
 */
export async function scratchDataPlaneDatabase(name: string, poolSize = 4): Promise<ScratchDataPlaneDatabase> {
  const db = await createScratchDatabase(name);
  const dataSource = createDataPlaneDataSource(db.url, poolSize);
  const close = async () => {
    try {
      // A spec that restarts its pool destroys this one itself; destroying it twice throws.
      if (dataSource.isInitialized) await dataSource.destroy();
    } finally {
      await db.drop();
    }
  };
  try {
    await dataSource.initialize();
    await migrate(dataSource);
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { url: db.url, dataSource, close };
}
