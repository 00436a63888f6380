import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failures for a staff number that names nobody, counted like a real account's (lockout.ts), so
 * the answers and the back-off do not reveal which numbers exist. Keyed by an HMAC of the number
 * (no attacker text stored); forgotten after 7 days without failures.
 */
@Entity({ name: 'sign_in_unknown_account' })
export class SignInUnknownAccount {
  @PrimaryColumn({ type: 'char', length: 64 })
  key: string;

  @Column({ type: 'int', default: 0 })
  failedAttempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastFailedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'int', default: 0 })
  lockCount: number;
}
