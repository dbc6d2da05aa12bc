import { Column, Entity, PrimaryColumn } from 'typeorm';

/** rate-limiter-flexible's Postgres layout; declared here so migrations own the table. */
@Entity({ name: 'sign_in_throttle' })
export class SignInThrottleRow {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  key!: string;

  @Column({ type: 'integer', default: 0 })
  points!: number;

  @Column({ type: 'bigint', nullable: true })
  expire!: string | null;
}
