import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One stored audit event. Rows are only ever inserted: the code has no update or delete
 * path. The event id is the primary key, which makes redelivery harmless.
 */
@Entity({ name: 'audit_events' })
@Index('audit_events_tenant_time_idx', ['tenantId', 'occurredAt'])
export class AuditRecord {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', name: 'tenant_id' })
  tenantId!: string;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  outcome!: string;

  @Column({ type: 'text', name: 'actor_type' })
  actorType!: string;

  @Column({ type: 'text', name: 'actor_id' })
  actorId!: string;

  @Column({ type: 'text', nullable: true })
  tool!: string | null;

  @Column({ type: 'text', name: 'connection_id', nullable: true })
  connectionId!: string | null;

  @Column({ type: 'text', name: 'correlation_id', nullable: true })
  correlationId!: string | null;

  /** The validated event exactly as received. */
  @Column({ type: 'jsonb' })
  event!: Record<string, unknown>;

  @Column({ type: 'timestamptz', name: 'stored_at', default: () => 'now()' })
  storedAt!: Date;
}
