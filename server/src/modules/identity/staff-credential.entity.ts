import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Staff } from '../organisation/index.js';
import { LockState } from './lock-state.entity.js';

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

  /** sign-in failures and locks (lockout.ts), the same columns as an unknown staff number's */
  @Column(() => LockState, { prefix: false })
  lock: LockState;

  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;
}
