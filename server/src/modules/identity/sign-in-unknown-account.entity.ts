import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LockState } from './lock-state.entity.js';

/**
 * Failures for a staff number that names nobody, counted like a real account's (lockout.ts), so
 * the answers and the back-off do not reveal which numbers exist. Keyed by an HMAC of the number
 * (no attacker text stored); forgotten after 7 days without failures.
 */
@Entity({ name: 'sign_in_unknown_account' })
export class SignInUnknownAccount {
  @PrimaryColumn({ type: 'char', length: 64 })
  key: string;

  /** the same lockout columns as a real account's, under the same names */
  @Column(() => LockState, { prefix: false })
  lock: LockState;
}
