import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One verified vendor event, stored before the vendor is answered. The unique delivery index
 * is the deduplication: a redelivery (the vendor's retry, a replay) finds its row and stores
 * nothing. `seq` orders a tenant's events for `GET /v1/events` resumption.
 */
@Entity({ name: 'inbound_events' })
@Index('inbound_events_delivery', ['tenantId', 'connectionId', 'deliveryId'], { unique: true })
@Index('inbound_events_tenant_seq', ['tenantId', 'seq'])
@Index('inbound_events_received', ['receivedAt'])
export class InboundEvent {
  /** bigint comes back from pg as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq!: string;

  /** The CloudEvent's id. */
  @Column({ type: 'uuid', unique: true })
  id!: string;

  @Column({ type: 'text', name: 'tenant_id' })
  tenantId!: string;

  @Column({ type: 'text', name: 'connection_id' })
  connectionId!: string;

  @Column({ type: 'text', name: 'delivery_id' })
  deliveryId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  /** The whole CloudEvent as published. */
  @Column({ type: 'jsonb' })
  event!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz', name: 'received_at' })
  receivedAt!: Date;
}
