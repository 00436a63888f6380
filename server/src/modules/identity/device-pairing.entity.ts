import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A short-lived, single-use code a manager creates and types on a tablet. Only its HMAC is stored. */
@Entity({ name: 'device_pairing' })
export class DevicePairing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('device_pairing_code', { unique: true })
  @Column({ type: 'char', length: 64 })
  codeHash: string;

  @Column({ type: 'varchar', length: 100 })
  deviceName: string;

  @Column({ type: 'uuid', array: true })
  roomIds: string[];

  @Column({ type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** set when a tablet used it: a code works once */
  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  deviceId: string | null;
}
