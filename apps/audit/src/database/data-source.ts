import { createServiceDataSource } from '@causeway/database';
import { AUDIT_SCHEMA, auditEntities, auditMigrations } from './schema';

export function createAuditDataSource(url: string, poolSize = 10) {
  return createServiceDataSource({
    url,
    schema: AUDIT_SCHEMA,
    entities: auditEntities,
    migrations: auditMigrations,
    poolSize,
    applicationName: 'causeway-audit',
  });
}
