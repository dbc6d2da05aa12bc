import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Sign-in attempt counts (see sign-in-throttle.ts): key is a SHA-256, points the count, expire the window end in epoch ms. */
@Entity({ name: 'sign_in_throttle' })
export class SignInThrottleRow {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  key!: string;

  @Column({ type: 'integer', default: 0 })
  points!: number;

  @Column({ type: 'bigint', nullable: true })
  expire!: string | null;
}
