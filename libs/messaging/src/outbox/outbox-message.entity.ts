import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One event waiting to be published. Written in the same transaction as the change it
 * describes, so an event exists if and only if its change committed.
 */
@Entity({ name: 'outbox' })
@Index('outbox_pending_idx', ['seq'], { where: 'published_at IS NULL' })
export class OutboxMessage {
  /** Publication order; bigint comes back from pg as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq!: string;

  /** The event's own id, stable across retries so consumers can deduplicate. */
  @Column({ type: 'uuid', unique: true, name: 'event_id' })
  eventId!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError!: string | null;
}
