import { Entity, PrimaryColumn } from 'typeorm';

/**
 * Every event id the store has taken, per tenant: the primary key is what makes a redelivered
 * event a no-op. It lives outside the time-partitioned event table because a unique index on a
 * partitioned table must include the partition key, which would only give uniqueness within
 * one month.
 */
@Entity({ name: 'event_ids' })
export class StoredEventId {
  @PrimaryColumn({ type: 'text', name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;
}
