import { createServiceDataSource } from '@causeway/database';
import { DATA_PLANE_SCHEMA, dataPlaneEntities, dataPlaneMigrations } from './schema';

export function createDataPlaneDataSource(url: string, poolSize = 10) {
  return createServiceDataSource({
    url,
    schema: DATA_PLANE_SCHEMA,
    entities: dataPlaneEntities,
    migrations: dataPlaneMigrations,
    poolSize,
    applicationName: 'causeway-data-plane',
  });
}
