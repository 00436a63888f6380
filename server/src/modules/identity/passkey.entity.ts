import { Field, ObjectType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Staff } from '../organisation/index.js';

/** A WebAuthn counter is an unsigned 32-bit number: bigint in PostgreSQL, number in JS. */
const counterTransformer = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/**
 * A passkey (WebAuthn credential) a staff member registered, e.g. on a manager's phone. Only the
 * public key is stored; the private key never leaves the authenticator.
 */
@ObjectType('Passkey', { description: 'パスキー (WebAuthn)。秘密鍵は端末の外に出ない' })
@Entity({ name: 'passkey' })
export class Passkey {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('passkey_owner')
  @Column({ type: 'uuid' })
  staffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'passkey_staff_fk' })
  staff?: Staff;

  /** base64url credential id from the authenticator */
  @Index('passkey_credential_id', { unique: true })
  @Column({ type: 'varchar', length: 1400 })
  credentialId: string;

  @Column({ type: 'bytea' })
  publicKey: Buffer;

  @Column({ type: 'bigint', default: 0, transformer: counterTransformer })
  counter: number;

  @Column({ type: 'varchar', length: 32, array: true, default: () => "'{}'" })
  transports: string[];

  @Field(() => String, { description: '名前 (e.g. 業務用スマートフォン)' })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => Boolean, { description: '同期されるパスキー (複数端末で使える)' })
  @Column({ type: 'boolean', default: false })
  backedUp: boolean;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}

export enum ChallengePurpose {
  REGISTER = 'REGISTER',
  SIGN_IN = 'SIGN_IN',
  /** a signed-in person confirms it is them with one of their passkeys (e.g. before making an API token) */
  REAUTHENTICATE = 'REAUTHENTICATE',
}

/** A WebAuthn challenge: single use (deleted when answered), short-lived. */
@Entity({ name: 'webauthn_challenge' })
export class WebauthnChallenge {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  challenge: string;

  @Column({ type: 'enum', enum: ChallengePurpose, enumName: 'webauthn_challenge_purpose' })
  purpose: ChallengePurpose;

  /** who is registering (REGISTER) or confirming (REAUTHENTICATE); null for a sign-in, which names nobody beforehand */
  @Column({ type: 'uuid', nullable: true })
  staffId: string | null;

  @Index('webauthn_challenge_expiry')
  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
