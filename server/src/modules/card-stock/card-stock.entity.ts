// The resident-card stock (住民基本台帳カード等の在庫, A18): one ledger of what came in, went out and
// was destroyed, the physical counts against it, and the manager's sign-off of each month.
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  Check,
  Column,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { LocalDate } from '../../shared/dates.js';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';

export enum StockMovementKind {
  /** a lot received (new cards, or cards collected back to be destroyed): into the locked place (A18.1) */
  RECEIVED = 'RECEIVED',
  /** cards handed out of the stock (交付) */
  ISSUED = 'ISSUED',
  /** cards destroyed with their data made unrecoverable, before a witness (A18.2) */
  DESTROYED = 'DESTROYED',
}
registerEnumType(StockMovementKind, { name: 'StockMovementKind', description: '住基カード等の在庫の記録の種類 (A18)' });

/**
 * One line of the stock ledger. The database refuses a lot without a locked place (A18.1), a
 * destruction without its method, numbers or a witness other than the person recording it (A18.2),
 * and a number range whose size is not the count.
 */
@ObjectType({ description: '住基カード等の受入・交付・廃棄の記録 (A18)' })
@Entity({ name: 'resident_card_movement' })
@Check('resident_card_movement_count', `"count" > 0`)
@Check(
  'resident_card_movement_range',
  `("firstNumber" IS NULL AND "lastNumber" IS NULL) OR ("lastNumber" >= "firstNumber" AND "count" = "lastNumber" - "firstNumber" + 1)`,
)
@Check(
  'resident_card_movement_received',
  `"kind" <> 'RECEIVED' OR ("lotNumber" IS NOT NULL AND "storagePlace" IS NOT NULL AND "storageLocked")`,
)
@Check('resident_card_movement_issued', `"kind" <> 'ISSUED' OR "issuedTo" IS NOT NULL`)
@Check(
  'resident_card_movement_destroyed',
  `"kind" <> 'DESTROYED' OR ("method" IS NOT NULL AND "firstNumber" IS NOT NULL AND "witnessId" IS NOT NULL AND "witnessId" <> "byId")`,
)
@Index('resident_card_movement_on', ['on', 'seq'])
@Index('resident_card_movement_seq', ['seq'], { unique: true })
@Index('resident_card_movement_lot', ['lotNumber'], { unique: true, where: `"kind" = 'RECEIVED'` })
export class StockMovement {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** the order lines were written in */
  @Generated('increment')
  @Column({ type: 'bigint' })
  seq: string;

  @Field(() => StockMovementKind)
  @Column({ type: 'enum', enum: StockMovementKind, enumName: 'resident_card_movement_kind' })
  kind: StockMovementKind;

  @Field(() => LocalDate, { description: '受入・交付・廃棄の日' })
  @Column({ type: 'date' })
  on: string;

  @Field(() => Int, { description: '枚数' })
  @Column({ type: 'int' })
  count: number;

  @Field(() => String, { nullable: true, description: 'カード番号 (最初)' })
  @Column({ type: 'bigint', nullable: true })
  firstNumber: string | null;

  @Field(() => String, { nullable: true, description: 'カード番号 (最後)' })
  @Column({ type: 'bigint', nullable: true })
  lastNumber: string | null;

  @Field(() => String, { nullable: true, description: 'ロット番号 (受入)' })
  @Column({ type: 'varchar', length: 50, nullable: true })
  lotNumber: string | null;

  @Field(() => Boolean, { description: '回収したカード (A18.2 の廃棄を待つ)' })
  @Column({ type: 'boolean', default: false })
  collected: boolean;

  @Field(() => String, { nullable: true, description: '保管場所 (受入、施錠できる場所)' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  storagePlace: string | null;

  @Field(() => Boolean, { nullable: true, description: '保管場所が施錠できる (A18.1)' })
  @Column({ type: 'boolean', nullable: true })
  storageLocked: boolean | null;

  @Field(() => String, { nullable: true, description: '交付先 (窓口・用途。住民の氏名は記録しない)' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  issuedTo: string | null;

  @Field(() => String, { nullable: true, description: '廃棄の方法 (個人情報を再取得できない状態にした方法)' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  method: string | null;

  /** who recorded it (received, issued or destroyed the cards) */
  @Column({ type: 'uuid' })
  byId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'byId', foreignKeyConstraintName: 'resident_card_movement_by_fk' })
  byRef?: Staff;

  /** a destruction's witness: another person (A18.2) */
  @Column({ type: 'uuid', nullable: true })
  witnessId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'witnessId', foreignKeyConstraintName: 'resident_card_movement_witness_fk' })
  witnessRef?: Staff | null;

  @Field(() => String, { nullable: true, description: '備考' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Field(() => Date, { description: '記録した日時' })
  @Column({ type: 'timestamptz', precision: 3 })
  recordedAt: Date;
}

/** A physical count (実査) against the ledger: a difference needs its reason and is a finding until reviewed. */
@ObjectType({ description: '住基カード等の在庫の実査 (A18.1)' })
@Entity({ name: 'resident_card_count' })
@Check('resident_card_count_counted', `"counted" >= 0`)
@Check('resident_card_count_reason', `"counted" = "expected" OR "reason" IS NOT NULL`)
@Index('resident_card_count_on', ['countedOn', 'countedAt'])
export class StockCount {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => LocalDate, { description: '実査の日' })
  @Column({ type: 'date' })
  countedOn: string;

  @Field(() => Date)
  @Column({ type: 'timestamptz', precision: 3 })
  countedAt: Date;

  @Field(() => Int, { description: '帳簿上の在庫' })
  @Column({ type: 'int' })
  expected: number;

  @Field(() => Int, { description: '実査の枚数' })
  @Column({ type: 'int' })
  counted: number;

  @Field(() => String, { nullable: true, description: '差異の理由' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'uuid' })
  byId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'byId', foreignKeyConstraintName: 'resident_card_count_by_fk' })
  byRef?: Staff;
}

/** The manager's review (sign-off) of one month of the stock, its counts and their differences. */
@ObjectType({ description: '住基カード等の在庫の月次確認 (管理者)' })
@Entity({ name: 'resident_card_month_review' })
export class StockMonthReview {
  @Field(() => String, { description: "'YYYY-MM'" })
  @PrimaryColumn({ type: 'char', length: 7 })
  month: string;

  @Column({ type: 'uuid' })
  reviewedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'reviewedById', foreignKeyConstraintName: 'resident_card_month_review_by_fk' })
  reviewedByRef?: Staff;

  @Field(() => Date)
  @Column({ type: 'timestamptz', precision: 3 })
  reviewedAt: Date;

  @Field(() => String, { nullable: true, description: '所見' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;
}
