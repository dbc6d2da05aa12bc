import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/**
 * One event owed to one subscription: the durable state of its delivery, so a restart resumes
 * where it stopped. `pending` rows of a (subscription, subject) go out in `event_seq` order;
 * `dead` rows are the dead-letter list, replayed by setting them `pending` again.
 */
@Entity({ name: 'event_deliveries' })
@Index('event_deliveries_once', ['subscriptionId', 'eventId'], { unique: true })
@Index('event_deliveries_heads', ['subscriptionId', 'subjectKey', 'eventSeq'], { where: `status = 'pending'` })
@Index('event_deliveries_by_status', ['subscriptionId', 'status', 'eventSeq'])
@Index('event_deliveries_event', ['eventSeq'])
export class EventDelivery {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'subscription_id' })
  subscriptionId!: string;

  @Column({ type: 'text', name: 'tenant_id' })
  tenantId!: string;

  @Column({ type: 'uuid', name: 'event_id' })
  eventId!: string;

  /** The event's `inbound_events.seq`: the order within a subject. */
  @Column({ type: 'bigint', name: 'event_seq' })
  eventSeq!: string;

  /** The CloudEvent subject, or the event id when it has none (then it is ordered with nothing). */
  @Column({ type: 'text', name: 'subject_key' })
  subjectKey!: string;

  @Column({ type: 'text' })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'integer', name: 'last_status', nullable: true })
  lastStatus!: number | null;

  /** A short reason (`status 503`, `egress refused: private_address`), never a payload. */
  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError!: string | null;

  /**
   * The delivery worker attempting it now: a claim, so replicas never attempt one subject's
   * head at the same time. A claim whose worker died lapses at `claimed_until`.
   */
  @Column({ type: 'text', name: 'claimed_by', nullable: true })
  claimedBy!: string | null;

  @Column({ type: 'timestamptz', name: 'claimed_until', nullable: true })
  claimedUntil!: Date | null;
}

/** How far a subscription has read `inbound_events`, so fan-out resumes after a restart. */
@Entity({ name: 'event_delivery_cursors' })
export class EventDeliveryCursor {
  @PrimaryColumn({ type: 'uuid', name: 'subscription_id' })
  subscriptionId!: string;

  @Column({ type: 'bigint', name: 'last_seq' })
  lastSeq!: string;
}
