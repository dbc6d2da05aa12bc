import { Column, Entity, Unique } from 'typeorm';
import { TenantOwned } from '../common/tenant-owned.entity';

/** A named set of permissions in one tenant: the five built-ins, or a custom role. */
@Entity({ name: 'roles' })
@Unique('roles_tenant_name_uq', ['tenantId', 'name'])
export class Role extends TenantOwned {
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'boolean', default: false })
  builtIn!: boolean;

  /** `<action>:<Subject>` strings (see @causeway/authz); stored as given, expanded on use. */
  @Column({ type: 'jsonb' })
  permissions!: string[];
}
