import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ApprovalStatus } from '@causeway/contracts';

export type { ApprovalStatus };

/**
 * One call waiting for (or past) a human decision, bound to exactly that call: tenant, key,
 * tool, connection, onBehalfOf and a SHA-256 of the canonical input. Status moves
 * pending → approved | rejected | expired, approved → executing → executed, each by one
 * conditional UPDATE, so a decision or an execution happens once whatever the replicas do.
 */
@Entity({ name: 'approvals' })
@Index('approvals_tenant_status_requested', ['tenantId', 'status', 'requestedAt'])
@Index('approvals_trust_lookup', ['tenantId', 'keyId', 'tool', 'executedAt'])
export class ApprovalRow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'tenant_id' })
  tenantId!: string;

  @Column({ type: 'text', name: 'key_id' })
  keyId!: string;

  @Column({ type: 'text', name: 'key_name' })
  keyName!: string;

  /** The user who created the key: never the approver (separation of duties). */
  @Column({ type: 'text', name: 'key_created_by', nullable: true })
  keyCreatedBy!: string | null;

  @Column({ type: 'text' })
  tool!: string;

  @Column({ type: 'text', name: 'connection_id' })
  connectionId!: string;

  @Column({ type: 'text', name: 'on_behalf_of', nullable: true })
  onBehalfOf!: string | null;

  @Column({ type: 'text', name: 'input_hash' })
  inputHash!: string;

  /** What the approver decides on; shown to the tenant's approvers only. */
  @Column({ type: 'jsonb' })
  input!: Record<string, unknown>;

  @Column({ type: 'text' })
  status!: ApprovalStatus;

  /** The rule that required the approval (`side_effect:destructive`, `budget:calls`, …). */
  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'timestamptz', name: 'requested_at' })
  requestedAt!: Date;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'timestamptz', name: 'executed_at', nullable: true })
  executedAt!: Date | null;

  /** `success` or the error code of the execution. */
  @Column({ type: 'text', name: 'execution_outcome', nullable: true })
  executionOutcome!: string | null;

  /** The stored response of the execution, replayed to every later re-send. */
  @Column({ type: 'jsonb', nullable: true })
  result!: { status: number; body: unknown } | null;

  @Column({ type: 'text', name: 'callback_url', nullable: true })
  callbackUrl!: string | null;

  @Column({ type: 'text', name: 'correlation_id', nullable: true })
  correlationId!: string | null;
}

/** Progressive trust of a key on a tool: when it graduated, and its last incident (which demotes it). */
@Entity({ name: 'approval_trust' })
export class TrustRow {
  @PrimaryColumn({ type: 'uuid', name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn({ type: 'text', name: 'key_id' })
  keyId!: string;

  @PrimaryColumn({ type: 'text' })
  tool!: string;

  @Column({ type: 'timestamptz', name: 'graduated_at', nullable: true })
  graduatedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'last_incident_at', nullable: true })
  lastIncidentAt!: Date | null;

  @Column({ type: 'text', name: 'last_incident', nullable: true })
  lastIncident!: string | null;
}

/** Calls and cost units a key spent on a tool in one UTC day. */
@Entity({ name: 'budget_usage' })
export class BudgetUsageRow {
  @PrimaryColumn({ type: 'uuid', name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn({ type: 'text', name: 'key_id' })
  keyId!: string;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @PrimaryColumn({ type: 'text' })
  tool!: string;

  @Column({ type: 'integer', default: 0 })
  calls!: number;

  @Column({ type: 'integer', name: 'cost_units', default: 0 })
  costUnits!: number;
}

export const approvalEntities = [ApprovalRow, TrustRow, BudgetUsageRow];
