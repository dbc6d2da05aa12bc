import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a trigger polls: Jira issues by `updated`, Salesforce records of one object by `SystemModstamp`. */
export type PollingKind = 'jira.issues' | 'salesforce.records';

/**
 * A polling trigger: (tenant, connection, kind, params) and its cursor, kept here so a restart
 * goes on from where the last poll ended. The cursor is the newest modification time emitted
 * (ISO 8601, milliseconds); the next poll asks from a little before it, because the vendor's
 * query language is coarser than its timestamps, and the event store's
 * `<record id>:<modstamp>` deduplication drops what was already emitted.
 */
@Entity({ name: 'polling_triggers' })
@Index('polling_triggers_connection', ['tenantId', 'connectionId'])
export class PollingTrigger {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', name: 'tenant_id' })
  tenantId!: string;

  @Column({ type: 'text', name: 'connection_id' })
  connectionId!: string;

  @Column({ type: 'text' })
  kind!: PollingKind;

  /** Kind-specific: `jira.issues` `{ jql?: string }` restricting what is watched (e.g. `project = OPS`); `salesforce.records` `{ object, fields? }`. */
  @Column({ type: 'jsonb', default: {} })
  params!: Record<string, unknown>;

  /** Newest modification time emitted; null until the first poll, which starts from `created_at`. */
  @Column({ type: 'timestamptz', nullable: true })
  cursor!: Date | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
