import { IdempotencyKeyRow } from '@causeway/resilience';
import { approvalEntities } from '../approvals/approval.entities';
import { eventsEntities } from '../events/events.entities';
import { migrations } from './migrations';

/** The data plane's own schema: idempotency records, refresh locks, approvals, trust and budget usage; never on the read path of config. */
export const DATA_PLANE_SCHEMA = 'data_plane';
export const dataPlaneEntities: Function[] = [IdempotencyKeyRow, ...approvalEntities, ...eventsEntities];
export const dataPlaneMigrations = migrations;
