import { IdempotencyKeyRow } from '@causeway/resilience';
import { migrations } from './migrations';

/** The data plane's own schema: idempotency records and refresh locks; never on the read path of config. */
export const DATA_PLANE_SCHEMA = 'data_plane';
export const dataPlaneEntities: Function[] = [IdempotencyKeyRow];
export const dataPlaneMigrations = migrations;
