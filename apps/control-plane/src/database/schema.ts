import { OutboxMessage } from '@causeway/messaging';
import { ApiKey } from '../api-keys/api-key.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { SignInThrottleRow } from '../auth/sign-in-throttle.entity';
import { Membership } from '../memberships/membership.entity';
import { Role } from '../roles/role.entity';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';
import { migrations } from './migrations';

/** The control plane owns this Postgres schema; no other service reads or writes it. */
export const CONTROL_PLANE_SCHEMA = 'control_plane';

export const controlPlaneEntities = [Tenant, User, Role, Membership, ApiKey, RefreshToken, SignInThrottleRow, OutboxMessage];
export const controlPlaneMigrations = migrations;
