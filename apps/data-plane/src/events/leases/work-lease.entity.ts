import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A piece of background work one replica holds until `expires_at` (e.g. `poll:<trigger id>`).
 * Expiry is written from the holder's clock, so a holder that dies is replaced once it passes,
 * without anyone having to notice the death.
 */
@Entity({ name: 'work_leases' })
export class WorkLease {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  /** The replica's (or worker's) id that holds it. */
  @Column({ type: 'text' })
  owner!: string;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;
}
