import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Staff } from '../organisation/index.js';

/** A staff member's password and sign-in failures. Secret: no GraphQL type, never in a response or the audit trail. */
@Entity({ name: 'staff_credential' })
export class StaffCredential {
  @PrimaryColumn({ type: 'uuid' })
  staffId: string;

  @OneToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'staff_credential_staff_fk' })
  staff?: Staff;

  /** argon2id over HMAC-SHA-256(server key, password) */
  @Column({ type: 'text', nullable: true })
  passwordHash: string | null;

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

  /** locks in a row, each begun within 7 days of the previous one (lockout.ts) */
  @Column({ type: 'int', default: 0 })
  lockCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;
}
