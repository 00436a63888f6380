import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';

export enum OplogReviewState {
  /** the reviewer is looking at the month's records and writing the findings */
  OPEN = 'OPEN',
  /** the manager signed it off: nothing more is recorded on it */
  SIGNED_OFF = 'SIGNED_OFF',
}
registerEnumType(OplogReviewState, { name: 'OplogReviewState', description: '操作履歴の点検の状態 (A20.1)' });

export enum OplogMarkVerdict {
  /** looked at and explained (e.g. overtime the section ordered) */
  EXPLAINED = 'EXPLAINED',
  /** a finding: possible misconduct, to follow up (an investigation, A21) */
  FINDING = 'FINDING',
}
registerEnumType(OplogMarkVerdict, { name: 'OplogMarkVerdict', description: '点検での判断: 説明済み / 指摘事項' });

/**
 * A20.1: the check of one month's operation history (Tokyo months, as the partitions): who
 * reviewed it, what they found, and the manager's sign-off. One review per month; a month whose
 * records are not covered by a signed review is a gap on /compliance.
 */
@ObjectType({ description: '操作履歴の点検 (A20.1、月ごと)' })
@Entity({ name: 'oplog_review' })
@Check('oplog_review_month', `"month" ~ '^2[0-9]{3}-(0[1-9]|1[0-2])$'`)
@Check('oplog_review_signed', `("state" = 'SIGNED_OFF') = ("signedOffAt" IS NOT NULL)`)
@Index('oplog_review_month_unique', ['month'], { unique: true })
export class OplogReview {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { description: '対象の月 (YYYY-MM、東京時間)' })
  @Column({ type: 'char', length: 7 })
  month: string;

  @Field(() => OplogReviewState)
  @Column({ type: 'enum', enum: OplogReviewState, enumName: 'oplog_review_state' })
  state: OplogReviewState;

  @Column({ type: 'uuid' })
  reviewerId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'reviewerId', foreignKeyConstraintName: 'oplog_review_reviewer_fk' })
  reviewerRef?: Staff;

  @Field(() => String, { nullable: true, description: '点検の結果 (所見)' })
  @Column({ type: 'varchar', length: 4000, nullable: true })
  findings: string | null;

  @Field(() => Date)
  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'uuid', nullable: true })
  signedOffById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'signedOffById', foreignKeyConstraintName: 'oplog_review_signed_off_by_fk' })
  signedOffByRef?: Staff | null;

  @Field(() => Date, { nullable: true, description: '管理者が承認した日時' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  signedOffAt: Date | null;

  @Field(() => String, { nullable: true, description: '承認時のコメント' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  signOffNote: string | null;
}

/**
 * A reviewer's verdict on one operation record (its key: partition time, source and line), made
 * within the review of the record's month. No foreign key into the partitioned history (Citus,
 * docs/oplog.md): the service checks the record exists.
 */
@ObjectType({ description: '操作履歴の記録への点検の判断 (説明済み / 指摘事項)' })
@Entity({ name: 'oplog_review_mark' })
@Index('oplog_review_mark_review', ['reviewId', 'at'])
export class OplogReviewMark {
  @Field(() => Date, { description: '記録の日時' })
  @PrimaryColumn({ type: 'timestamptz' })
  at: Date;

  @Field(() => String, { description: '記録の送信元' })
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sourceId: string;

  @Field(() => Int, { description: '記録の行番号' })
  @PrimaryColumn({ type: 'integer' })
  line: number;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  reviewId: string;

  @ManyToOne(() => OplogReview, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'reviewId', foreignKeyConstraintName: 'oplog_review_mark_review_fk' })
  reviewRef?: OplogReview;

  @Field(() => OplogMarkVerdict)
  @Column({ type: 'enum', enum: OplogMarkVerdict, enumName: 'oplog_mark_verdict' })
  verdict: OplogMarkVerdict;

  @Field(() => String, { description: '説明・指摘の内容' })
  @Column({ type: 'varchar', length: 1000 })
  note: string;

  @Column({ type: 'uuid' })
  markedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'markedById', foreignKeyConstraintName: 'oplog_review_mark_by_fk' })
  markedByRef?: Staff;

  @Field(() => Date)
  @Column({ type: 'timestamptz', precision: 3 })
  markedAt: Date;
}
