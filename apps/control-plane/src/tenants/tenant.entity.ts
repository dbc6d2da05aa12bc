import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type TenantStatus = 'active' | 'suspended';

@Entity({ name: 'tenants' })
export class Tenant {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** URL-safe, unique across the platform. */
  @Column({ type: 'text', unique: true })
  slug!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: 'active' })
  status!: TenantStatus;

  /** Tenant policy: credentials older than this are flagged (GraphQL and a metric). */
  @Column({ type: 'int', name: 'max_credential_age_days', nullable: true })
  maxCredentialAgeDays!: number | null;

  /** Tenant access policy (`tenantAccessPolicySchema` in @causeway/contracts); `{}` means the defaults. */
  @Column({ type: 'jsonb', name: 'access_policy', default: () => "'{}'" })
  accessPolicy!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
