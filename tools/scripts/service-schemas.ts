import type { DataSource } from 'typeorm';
import { createAuditDataSource } from '../../apps/audit/src/database/data-source';
import { createControlPlaneDataSource } from '../../apps/control-plane/src/database/data-source';
import { createDataPlaneDataSource } from '../../apps/data-plane/src/database/data-source';

/**
 * Each service that owns a database schema, with where its migrations live. Tools only:
 * the apps never import each other.
 */
export const SERVICE_SCHEMAS: Record<string, { create(url: string): DataSource; migrationsDir: string }> = {
  'control-plane': { create: (url) => createControlPlaneDataSource(url, 2), migrationsDir: 'apps/control-plane/src/database/migrations' },
  'data-plane': { create: (url) => createDataPlaneDataSource(url, 2), migrationsDir: 'apps/data-plane/src/database/migrations' },
  audit: { create: (url) => createAuditDataSource(url, 2), migrationsDir: 'apps/audit/src/database/migrations' },
};
