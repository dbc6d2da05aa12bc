import { OutboxMessage } from '@causeway/messaging';
import { Tenant } from '../tenants/tenant.entity';
import { migrations } from './migrations';

/** The control plane owns this Postgres schema; no other service reads or writes it. */
export const CONTROL_PLANE_SCHEMA = 'control_plane';

export const controlPlaneEntities = [Tenant, OutboxMessage];
export const controlPlaneMigrations = migrations;
