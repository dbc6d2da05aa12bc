import { createServiceDataSource } from '@causeway/database';
import { CONTROL_PLANE_SCHEMA, controlPlaneEntities, controlPlaneMigrations } from './schema';

export function createControlPlaneDataSource(url: string, poolSize = 10) {
  return createServiceDataSource({
    url,
    schema: CONTROL_PLANE_SCHEMA,
    entities: controlPlaneEntities,
    migrations: controlPlaneMigrations,
    poolSize,
    applicationName: 'causeway-control-plane',
  });
}
