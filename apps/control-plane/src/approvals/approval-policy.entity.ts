import { Column, Entity, Index } from 'typeorm';
import type { ApprovalPolicy } from '@causeway/contracts';
import { TenantOwned } from '../common/tenant-owned.entity';

/**
 * A tenant's approval policy (one row per tenant), validated with the contract's schema
 * before it is stored. The webhook signing secret is not here: it lives in the secret store.
 */
@Entity({ name: 'approval_policies' })
@Index('approval_policies_tenant_unique', ['tenantId'], { unique: true })
export class ApprovalPolicyRecord extends TenantOwned {
  @Column({ type: 'jsonb' })
  policy!: ApprovalPolicy;
}
