import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDate } from '../../shared/dates.js';
import { ID } from '../../shared/ids.js';
import { Section, Staff } from '../organisation/index.js';

/**
 * Issue 15 §3: a transfer round (定期異動, e.g. 令和9年4月1日付): the moves of one or more imported
 * personnel files, grouped for the PIN administrator's view.
 */
@ObjectType({ description: '異動の回 (定期異動など、取込んだ異動の一覧)' })
@Entity({ name: 'card_transfer_round' })
@Check('card_transfer_round_name', `length(btrim("name")) > 0`)
export class CardTransferRound {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** the round's name, unique: importing the same round again adds to it, never a second round */
  @Field(() => String, { description: '回の名前 (例: 令和9年4月 定期異動)' })
  @Index('card_transfer_round_name_unique', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'uuid', nullable: true })
  importedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'importedById', foreignKeyConstraintName: 'card_transfer_round_imported_by_fk' })
  importedByRef?: Staff | null;

  /** millisecond precision, as the keyset cursor carries it */
  @Field(() => Date, { description: '最初に取込んだ日時' })
  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

export enum TransferMoveState {
  /** waiting for its effective date (a job opens it on that day) */
  SCHEDULED = 'SCHEDULED',
  /** moved, its tasks opened */
  OPENED = 'OPENED',
  /** not moved on the day: the person had left or was no longer in the from-section */
  SKIPPED = 'SKIPPED',
}
registerEnumType(TransferMoveState, { name: 'TransferMoveState', description: '異動の状態' });

/**
 * One move of a round: a staff member from a section to another on an effective date (発令日), and,
 * for a new operator, the operator ID to register. The natural key (staff, effective date) makes an
 * import idempotent: the same row imported again is the same move.
 */
@ObjectType({ description: '異動 (1人分)' })
@Entity({ name: 'card_transfer_move' })
@Index('card_transfer_move_natural', ['staffId', 'effectiveDate'], { unique: true })
@Index('card_transfer_move_round', ['roundId', 'staffNumber', 'id'])
// the job's look-up of the moves waiting for their date: a move stored already opened is not in it
@Index('card_transfer_move_due', ['effectiveDate'], { where: `"state" = 'SCHEDULED'` })
export class CardTransferMove {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  roundId: string;

  @ManyToOne(() => CardTransferRound, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'roundId', foreignKeyConstraintName: 'card_transfer_move_round_fk' })
  roundRef?: CardTransferRound;

  @Column({ type: 'uuid' })
  staffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'card_transfer_move_staff_fk' })
  staffRef?: Staff;

  /** the staff number as imported (the view's order) */
  @Field(() => String, { description: '職員番号' })
  @Column({ type: 'varchar', length: 16 })
  staffNumber: string;

  @Column({ type: 'uuid' })
  fromSectionId: string;

  @ManyToOne(() => Section, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'fromSectionId', foreignKeyConstraintName: 'card_transfer_move_from_fk' })
  fromSectionRef?: Section;

  @Column({ type: 'uuid' })
  toSectionId: string;

  @ManyToOne(() => Section, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'toSectionId', foreignKeyConstraintName: 'card_transfer_move_to_fk' })
  toSectionRef?: Section;

  @Field(() => LocalDate, { description: '発令日 (この日に異動し、依頼が開く)' })
  @Column({ type: 'date' })
  effectiveDate: string;

  @Field(() => String, { nullable: true, description: '新たに操作者となる場合の識別番号' })
  @Column({ type: 'varchar', length: 32, nullable: true })
  newOperatorCode: string | null;

  @Field(() => TransferMoveState)
  @Column({ type: 'enum', enum: TransferMoveState, enumName: 'card_transfer_move_state' })
  state: TransferMoveState;

  @Field(() => Date, { nullable: true, description: '異動し依頼を開いた日時' })
  @Column({ type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  @Field(() => String, { nullable: true, description: '異動しなかった理由' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  skipReason: string | null;

  /** the row of the file it came from, for the import's answers */
  @Field(() => Int, { description: '取込んだファイルの行' })
  @Column({ type: 'int' })
  sourceRow: number;
}
