import { Column, Entity } from 'typeorm';
import type { PollingKind } from '@causeway/contracts';
import { TenantOwned } from '../common/tenant-owned.entity';

/**
 * A polling trigger as the tenant configured it: which connection to poll for what, and whether
 * to. The control plane is its source of truth; the data plane receives it on the config
 * stream and keeps its cursor in its own `polling_triggers` (the projection).
 */
@Entity({ name: 'polling_triggers' })
export class PollingTriggerRecord extends TenantOwned {
  @Column({ type: 'text', name: 'connection_id' })
  connectionId!: string;

  @Column({ type: 'text' })
  kind!: PollingKind;

  /** Kind-specific (`libs/contracts` `pollingTriggerParamsSchemas`). */
  @Column({ type: 'jsonb' })
  params!: Record<string, unknown>;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;
}
