import { Column, Entity, Index, Unique } from 'typeorm';
import { TenantOwned } from '../common/tenant-owned.entity';

/** A user's place in a tenant: exactly one role per tenant. */
@Entity({ name: 'memberships' })
@Unique('memberships_tenant_user_uq', ['tenantId', 'userId'])
export class Membership extends TenantOwned {
  @Index()
  @Column({ type: 'uuid', name: 'user_id' })
  userId!: string;

  @Column({ type: 'uuid', name: 'role_id' })
  roleId!: string;
}
