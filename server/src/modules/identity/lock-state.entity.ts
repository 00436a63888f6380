import { Column } from 'typeorm';

/**
 * The password lockout of one sign-in subject (lockout.ts): embedded with `prefix: false` in
 * StaffCredential (a real account) and SignInUnknownAccount (a staff number that names nobody), so
 * both keep the same columns under the same names and are counted by the same statements.
 */
export class LockState {
  /** consecutive failures since the last success */
  @Column({ type: 'int', default: 0 })
  failedAttempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastFailedAt: Date | null;

  /** start of the latest lock (kept after it ends: later locks within 7 days escalate) */
  @Column({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  /** the password sign-in is locked until then (15 min, 1 h, 24 h); a manager may lift it earlier */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** locks in a row, each begun within 7 days of the previous one */
  @Column({ type: 'int', default: 0 })
  lockCount: number;
}
