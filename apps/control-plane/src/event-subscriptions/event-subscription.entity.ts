import { Column, Entity } from 'typeorm';
import { TenantOwned } from '../common/tenant-owned.entity';

/**
 * Where a tenant's provider events are delivered: an agent's URL, the event types and filters
 * it wants, and the fields removed first. The signing secret is not a column: it is in the
 * secret store (`eventSubscriptionSecretPath`).
 */
@Entity({ name: 'event_subscriptions' })
export class EventSubscriptionRecord extends TenantOwned {
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  url!: string;

  /** Exact types or `prefix.*` patterns. */
  @Column({ type: 'jsonb' })
  types!: string[];

  @Column({ type: 'jsonb', name: 'connection_ids', nullable: true })
  connectionIds!: string[] | null;

  @Column({ type: 'text', name: 'subject_prefix', nullable: true })
  subjectPrefix!: string | null;

  /** JSON pointers into `data`, removed before delivery. */
  @Column({ type: 'jsonb' })
  redact!: string[];

  @Column({ type: 'boolean', default: false })
  paused!: boolean;

  /** Whether a previous secret still signs (a rotation in progress). */
  @Column({ type: 'boolean', name: 'rotating_secret', default: false })
  rotatingSecret!: boolean;

  /** Who created it: a user id, or an agent key's id when the key manages its own subscriptions. */
  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;
}
