import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';
import { CardOperator } from './operator.entity.js';

export enum CardState {
  /** received, never issued: kept locked (A16.6) */
  IN_STOCK = 'IN_STOCK',
  /** in an operator's hands */
  ISSUED = 'ISSUED',
  /** collected from its operator and returned to the PIN administrator (A16.2): kept locked */
  RETURNED = 'RETURNED',
  /** reported lost: revoked at once (an incident is opened) */
  LOST = 'LOST',
  /** revoked (失効) while in our hands: kept locked until destroyed */
  REVOKED = 'REVOKED',
  /** destroyed before a witness: the end of its life */
  DESTROYED = 'DESTROYED',
}
registerEnumType(CardState, { name: 'CardState', description: '操作者識別カードの状態 (A16)' });

export enum CardEventKind {
  RECEIVED = 'RECEIVED',
  ISSUED = 'ISSUED',
  RETURNED = 'RETURNED',
  LOST = 'LOST',
  REVOKED = 'REVOKED',
  DESTROYED = 'DESTROYED',
}
registerEnumType(CardEventKind, { name: 'CardEventKind', description: '操作者識別カードの記録の種類' });

/** States in which the card is in our hands, so kept in a locked place (A16.6). */
export const KEPT_STATES = [CardState.IN_STOCK, CardState.RETURNED, CardState.REVOKED] as const;

/**
 * A16: an operator ID card (操作識別カード). Its current state, holder and place; each step is a
 * CardEvent. The database refuses a card in our hands without a locked place (A16.6) and an issued
 * card without its operator.
 */
@ObjectType({ description: '操作者識別カード (A16)' })
@Entity({ name: 'operator_card' })
@Check(
  'operator_card_kept_locked',
  `"state" NOT IN ('IN_STOCK', 'RETURNED', 'REVOKED') OR ("storagePlace" IS NOT NULL AND "storageLocked")`,
)
@Check('operator_card_issued_holder', `("state" = 'ISSUED') = ("holderId" IS NOT NULL)`)
// one issued card per operator: two issues at once cannot both pass (the service locks the operator too)
@Index('operator_card_one_per_holder', ['holderId'], { unique: true, where: '"holderId" IS NOT NULL' })
@Index('operator_card_number_order', ['cardNumber', 'id'])
export class OperatorCard {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { description: 'カード番号' })
  @Index('operator_card_number_unique', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  cardNumber: string;

  @Field(() => CardState)
  @Column({ type: 'enum', enum: CardState, enumName: 'operator_card_state' })
  state: CardState;

  /** the operator holding it (ISSUED only) */
  @Column({ type: 'uuid', nullable: true })
  holderId: string | null;

  @ManyToOne(() => CardOperator, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'holderId', foreignKeyConstraintName: 'operator_card_holder_fk' })
  holderRef?: CardOperator | null;

  @Field(() => String, { nullable: true, description: '保管場所 (発行していないとき)' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  storagePlace: string | null;

  @Field(() => Boolean, { description: '保管場所が施錠できる (A16.6)' })
  @Column({ type: 'boolean', default: false })
  storageLocked: boolean;

  @Field(() => Date, { description: '最後の記録の日時' })
  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

/** One step of a card's life: who did it, when, for which operator, and where the card was put. */
@ObjectType({ description: '操作者識別カードの記録 (受入・貸与・返還・紛失・失効・廃棄)' })
@Entity({ name: 'operator_card_event' })
@Index('operator_card_event_card', ['cardId', 'seq'])
@Index('operator_card_event_operator', ['operatorId'])
export class CardEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  cardId: string;

  @ManyToOne(() => OperatorCard, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'cardId', foreignKeyConstraintName: 'operator_card_event_card_fk' })
  cardRef?: OperatorCard;

  /** the order steps were written in (several may share a millisecond) */
  @Generated('increment')
  @Column({ type: 'bigint' })
  seq: string;

  @Field(() => CardEventKind)
  @Column({ type: 'enum', enum: CardEventKind, enumName: 'operator_card_event_kind' })
  kind: CardEventKind;

  @Field(() => Date)
  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  /** who recorded the step */
  @Column({ type: 'uuid' })
  byId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'byId', foreignKeyConstraintName: 'operator_card_event_by_fk' })
  byRef?: Staff;

  /** the operator it was issued to, returned by or lost by */
  @Column({ type: 'uuid', nullable: true })
  operatorId: string | null;

  @ManyToOne(() => CardOperator, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'operatorId', foreignKeyConstraintName: 'operator_card_event_operator_fk' })
  operatorRef?: CardOperator | null;

  @Field(() => String, { nullable: true, description: '保管場所' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  storagePlace: string | null;

  @Field(() => Boolean, { nullable: true, description: '保管場所が施錠できる' })
  @Column({ type: 'boolean', nullable: true })
  storageLocked: boolean | null;

  /** a destruction's witness (another person) */
  @Column({ type: 'uuid', nullable: true })
  witnessId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'witnessId', foreignKeyConstraintName: 'operator_card_event_witness_fk' })
  witnessRef?: Staff | null;

  @Field(() => String, { nullable: true, description: '備考 (紛失の状況、廃棄の方法など)' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;
}
