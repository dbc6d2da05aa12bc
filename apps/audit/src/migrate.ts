import 'reflect-metadata';
import { runMigrateCommand } from '@causeway/database';
import { createAuditDataSource } from './database/data-source';

/** `causeway-migrate` in the audit image (bin/causeway-migrate.js): this service's migrations. */
void runMigrateCommand('audit', (url) => createAuditDataSource(url, 1)).then((code) => {
  process.exitCode = code;
});
