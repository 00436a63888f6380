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

  /** set at the 10th consecutive failure; cleared by a manager or system administrator */
  @Column({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;
}
