import 'reflect-metadata';
import { runMigrateCommand } from '@causeway/database';
import { createDataPlaneDataSource } from './database/data-source';

/** `causeway-migrate` in the data-plane image (bin/causeway-migrate.js): this service's migrations. */
void runMigrateCommand('data-plane', (url) => createDataPlaneDataSource(url, 1)).then((code) => {
  process.exitCode = code;
});
