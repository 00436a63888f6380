import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import {
  Check,
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
import { Staff } from '../organisation/index.js';
import { Room } from './room.entity.js';

export enum AuthorisationStatus {
  /** asked for, waiting for the manager */
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  REFUSED = 'REFUSED',
  /** ended early by the manager, or by the end of the person's employment or a transfer */
  REVOKED = 'REVOKED',
}
registerEnumType(AuthorisationStatus, { name: 'AuthorisationStatus', description: '入室許可の状態 (A12.2)' });

export enum SubjectKind {
  STAFF = 'STAFF',
  /** an outside person (委託業者等), always entered by their escort */
  CONTRACTOR = 'CONTRACTOR',
}
registerEnumType(SubjectKind, { name: 'SubjectKind', description: '入室者の種類' });

/**
 * A12.2: only people the manager authorised in advance may enter the 電算室等. One authorisation
 * names one person (a staff member or an outside person), the rooms, the period and the purpose.
 * Expiry is not a status: an approved authorisation is in force while now is within its period.
 */
@ObjectType({ description: '電算室等への入室許可 (A12.2)' })
@Entity({ name: 'room_authorisation' })
@Check('room_authorisation_period', `"validTo" > "validFrom"`)
@Check(
  'room_authorisation_subject',
  `("subjectKind" = 'STAFF' AND "staffId" IS NOT NULL AND "contractorName" IS NULL)
   OR ("subjectKind" = 'CONTRACTOR' AND "staffId" IS NULL AND "contractorName" IS NOT NULL)`,
)
@Index('room_authorisation_status_period', ['status', 'validTo'])
export class RoomAuthorisation {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => SubjectKind)
  @Column({ type: 'enum', enum: SubjectKind, enumName: 'authorisation_subject_kind' })
  subjectKind: SubjectKind;

  @Index('room_authorisation_staff')
  @Column({ type: 'uuid', nullable: true })
  staffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'room_authorisation_staff_fk' })
  staff?: Staff | null;

  @Field(() => String, { nullable: true, description: '会社名 (外部の者)' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  contractorCompany: string | null;

  @Field(() => String, { nullable: true, description: '氏名 (外部の者)' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  contractorName: string | null;

  @Field(() => String, { nullable: true, description: '連絡先 (外部の者)' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  contractorContact: string | null;

  @ManyToMany(() => Room)
  @JoinTable({
    name: 'room_authorisation_room',
    joinColumn: { name: 'authorisationId', foreignKeyConstraintName: 'room_authorisation_room_authorisation_fk' },
    inverseJoinColumn: { name: 'roomId', foreignKeyConstraintName: 'room_authorisation_room_room_fk' },
  })
  rooms?: Room[];

  @Field(() => Date)
  @Column({ type: 'timestamptz' })
  validFrom: Date;

  @Field(() => Date)
  @Column({ type: 'timestamptz' })
  validTo: Date;

  @Field(() => String, { description: '目的 (e.g. サーバー保守)' })
  @Column({ type: 'varchar', length: 200 })
  purpose: string;

  @Field(() => Boolean, { description: '付添いが必要 (外部の者は常に必要)' })
  @Column({ type: 'boolean' })
  escortRequired: boolean;

  @Field(() => AuthorisationStatus)
  @Column({ type: 'enum', enum: AuthorisationStatus, enumName: 'authorisation_status' })
  status: AuthorisationStatus;

  @Column({ type: 'uuid' })
  requestedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'requestedById', foreignKeyConstraintName: 'room_authorisation_requester_fk' })
  requestedBy?: Staff;

  /** millisecond precision, as the keyset cursor carries it */
  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  requestedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'decidedById', foreignKeyConstraintName: 'room_authorisation_decider_fk' })
  decidedBy?: Staff | null;

  @Field(() => Date, { nullable: true, description: '最後の決定 (承認・却下・取消) の日時' })
  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** when it was approved: an entry counts as authorised only after this (authorised in advance) */
  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Field(() => String, { nullable: true, description: '却下・取消の理由' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;
}
