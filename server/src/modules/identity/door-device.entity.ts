import { Field, ObjectType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Room } from '../access/index.js';

/**
 * A door tablet paired to one or more rooms. Its credential (a random token) is stored only as a
 * SHA-256; it can read who is authorised for its rooms and record entry/exit there, nothing else.
 */
@ObjectType({ description: '入退室端末 (ドアのタブレット)' })
@Entity({ name: 'door_device' })
export class DoorDevice {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('door_device_credential', { unique: true })
  @Column({ type: 'char', length: 64 })
  credentialHash: string;

  @ManyToMany(() => Room)
  @JoinTable({
    name: 'door_device_room',
    joinColumn: { name: 'deviceId', foreignKeyConstraintName: 'door_device_room_device_fk' },
    inverseJoinColumn: { name: 'roomId', foreignKeyConstraintName: 'door_device_room_room_fk' },
  })
  rooms?: Room[];

  /**
   * The pairing this one follows on the same tablet: the tablet proved it held that pairing's
   * credential when it was paired again. Its events waiting from before are this tablet's events.
   */
  @Column({ type: 'uuid', nullable: true })
  previousDeviceId: string | null;

  @ManyToOne(() => DoorDevice, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'previousDeviceId', foreignKeyConstraintName: 'door_device_previous_fk' })
  previous?: DoorDevice | null;

  /** staff id of the manager who created the pairing code */
  @Column({ type: 'uuid' })
  pairedBy: string;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  pairedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastSeenAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
