import { Field, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';

/**
 * A20.2: a legal hold on the operation history (訴訟・調査のための保全). While one is in force over a
 * month, that month's partition is neither detached nor archived, whatever its age: the manager
 * sets it with a reason and lifts it with a reason, each step audited. A hold without a period holds the whole
 * history. The archiving function of the database checks this table itself.
 */
@ObjectType({ description: '操作履歴の保全 (リーガルホールド、A20.2)。有効な間は期間内の月を保存期間後も削除しない' })
@Entity({ name: 'oplog_legal_hold' })
@Check('oplog_legal_hold_period', `"from" IS NULL OR "to" IS NULL OR "from" < "to"`)
@Check('oplog_legal_hold_reason', `length(btrim("reason")) > 0`)
@Check(
  'oplog_legal_hold_lifted',
  `("liftedAt" IS NULL) = ("liftedById" IS NULL) AND ("liftedAt" IS NULL) = ("liftReason" IS NULL)`,
)
@Index('oplog_legal_hold_in_force', ['setAt'], { where: `"liftedAt" IS NULL` })
export class OplogLegalHold {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { description: '保全の理由 (事件・調査の名称など)' })
  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @Field(() => Date, { nullable: true, description: '対象期間の開始 (なければ最初から)' })
  @Column({ type: 'timestamptz', nullable: true })
  from: Date | null;

  @Field(() => Date, { nullable: true, description: '対象期間の終了 (なければ最後まで)' })
  @Column({ type: 'timestamptz', nullable: true })
  to: Date | null;

  @Column({ type: 'uuid' })
  setById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'setById', foreignKeyConstraintName: 'oplog_legal_hold_set_by_fk' })
  setByRef?: Staff;

  @Field(() => Date, { description: '保全した日時' })
  @Column({ type: 'timestamptz' })
  setAt: Date;

  @Column({ type: 'uuid', nullable: true })
  liftedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'liftedById', foreignKeyConstraintName: 'oplog_legal_hold_lifted_by_fk' })
  liftedByRef?: Staff;

  @Field(() => Date, { nullable: true, description: '解除した日時 (有効な間は空)' })
  @Column({ type: 'timestamptz', nullable: true })
  liftedAt: Date | null;

  @Field(() => String, { nullable: true, description: '解除の理由' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  liftReason: string | null;
}

/**
 * A20.2: a month of the history past 7 years, exported to a file under DATA_DIR and then dropped
 * by the manager's explicit step. The file's SHA-256 and row count are what the export wrote; the
 * database function that drops the partition counted the same rows inside its transaction.
 */
@ObjectType({ description: '保存期間 (7年) を過ぎて書き出し、削除した操作履歴の月 (A20.2)' })
@Entity({ name: 'oplog_archive' })
@Check('oplog_archive_month', `"month" ~ '^2[0-9]{3}-(0[1-9]|1[0-2])$'`)
@Check('oplog_archive_sha256', `"sha256" ~ '^[0-9a-f]{64}$'`)
export class OplogArchive {
  /** 'YYYY-MM', a month of Asia/Tokyo (the partition operation_record_YYYY_MM) */
  @Field(() => String, { description: '月 (YYYY-MM)' })
  @PrimaryColumn({ type: 'char', length: 7 })
  month: string;

  @Field(() => String, { description: 'DATA_DIR 内のファイル (gzip 圧縮の CSV)' })
  @Column({ type: 'varchar', length: 200 })
  file: string;

  @Field(() => String, { description: 'ファイルの SHA-256 (16進)' })
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Field(() => String, { description: '件数' })
  @Column({ type: 'bigint' })
  rows: string;

  @Field(() => String, { description: 'ファイルの大きさ (バイト)' })
  @Column({ type: 'bigint' })
  bytes: string;

  @Column({ type: 'uuid' })
  archivedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'archivedById', foreignKeyConstraintName: 'oplog_archive_archived_by_fk' })
  archivedByRef?: Staff;

  @Field(() => Date, { description: '書き出して削除した日時' })
  @Column({ type: 'timestamptz' })
  archivedAt: Date;
}
