import 'reflect-metadata';
import { runMigrateCommand } from '@causeway/database';
import { createControlPlaneDataSource } from './database/data-source';

/** `causeway-migrate` in the control-plane image (bin/causeway-migrate.js): this service's migrations. */
void runMigrateCommand('control-plane', (url) => createControlPlaneDataSource(url, 1)).then((code) => {
  process.exitCode = code;
});
