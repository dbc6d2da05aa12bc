import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ProviderDefinition } from '@causeway/connectors';
import { TenantOwned } from '../common/tenant-owned.entity';

/**
 * A connector a tenant admin uploaded (an OpenAPI document and its curation). The versions
 * are immutable; this row only says which one agents see.
 */
@Entity({ name: 'tenant_connectors' })
@Index(['tenantId', 'slug'], { unique: true })
export class TenantConnector extends TenantOwned {
  /** The tenant's name for it; the provider id is `t_<slug>`, a namespace no built-in uses. */
  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'text', name: 'provider_id' })
  providerId!: string;

  /** The version agents see; rollback and activate move it, uploads set it to the new one. */
  @Column({ type: 'integer', name: 'active_version' })
  activeVersion!: number;
}

/** One upload, as validated: never changed after it is written. */
@Entity({ name: 'tenant_connector_versions' })
@Index(['connectorId', 'version'], { unique: true })
export class TenantConnectorVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ type: 'uuid', name: 'tenant_id' })
  tenantId!: string;

  @Column({ type: 'uuid', name: 'connector_id' })
  connectorId!: string;

  @Column({ type: 'integer' })
  version!: number;

  /** The provider definition the importer made of the upload, as the data plane runs it. */
  @Column({ type: 'jsonb' })
  definition!: ProviderDefinition;

  /** SHA-256 of the uploaded document, so an admin can tell which file a version came from. */
  @Column({ type: 'text', name: 'spec_sha256' })
  specSha256!: string;

  @Column({ type: 'integer', name: 'spec_bytes' })
  specBytes!: number;

  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
