import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Staff } from '../organisation/staff.entity.js';

/**
 * A staff member's door PIN (identification at the server-room door, A12.3). Secret: stored as
 * argon2id over an HMAC, never in a response or the audit trail. 10 consecutive failures, on any
 * tablet, lock door check-in until the PIN administrator or the manager unlocks it.
 */
@Entity({ name: 'door_pin' })
export class DoorPin {
  @PrimaryColumn({ type: 'uuid' })
  staffId: string;

  @OneToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'door_pin_staff_fk' })
  staff?: Staff;

  @Column({ type: 'text' })
  pinHash: string;

  @Column({ type: 'int', default: 0 })
  failedAttempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  @Column({ type: 'timestamptz' })
  setAt: Date;
}
