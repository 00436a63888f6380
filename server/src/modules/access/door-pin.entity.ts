import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Staff } from '../organisation/index.js';

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

/**
 * The answer given to one typed PIN (one cipher) for one event on one tablet. The tablet that asks
 * again — the online check before recording, then the event itself, or a batch sent again after a
 * lost answer — gets the same answer without a second argon2 check, and a wrong PIN counts once.
 * Another tablet never gets this answer (Hardening §5: a captured cipher replayed elsewhere is
 * checked as its own). Holds no PIN: only a hash of the cipher and what it was checked for. Kept
 * 30 days (the sweep removes older rows).
 */
@Entity({ name: 'door_pin_check' })
@Index('door_pin_check_checked_at', ['checkedAt'])
export class DoorPinCheck {
  @PrimaryColumn({ type: 'uuid' })
  clientEventId: string;

  /** sha256 of the cipher as sent (base64 text) and the event it was checked for, hex */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  cipherHash: string;

  /** the tablet that asked: its answer is its own */
  @PrimaryColumn({ type: 'uuid' })
  deviceId: string;

  /** whose PIN it was checked against (a cipher sent for someone else is another answer) */
  @PrimaryColumn({ type: 'uuid' })
  staffId: string;

  @Column({ type: 'varchar', length: 16 })
  result: string;

  @Column({ type: 'timestamptz' })
  checkedAt: Date;
}

/**
 * PIN ciphers a tablet sent that the server could not read, or that were made for another event
 * or tablet (Hardening §5): the tablet's fault, never the person's. 10 in a row lock the tablet's
 * PIN checks (every PIN it sends is then unverified, flagged PIN_FAILED) and put it on the
 * manager's 対応が必要 list; pairing the tablet again (a new device) starts clean. A readable cipher
 * resets the count.
 */
@Entity({ name: 'door_device_pin_fault' })
export class DoorDevicePinFault {
  @PrimaryColumn({ type: 'uuid' })
  deviceId: string;

  @Column({ type: 'int', default: 0 })
  faults: number;

  @Column({ type: 'timestamptz' })
  lastAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null;
}
