import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';
import { OperatorCard } from './card.entity.js';
import { CardOperator } from './operator.entity.js';
import { CardTransferMove } from './transfer.entity.js';

export enum CardRequestKind {
  /** 暗証番号の設定 (a new operator) */
  PIN_SET = 'PIN_SET',
  /** 暗証番号の取消し (the operator leaves or stops operating) */
  PIN_CANCEL = 'PIN_CANCEL',
  /** 暗証番号の変更 (a move, or the PIN administrator's reasons, A16.3) */
  PIN_CHANGE = 'PIN_CHANGE',
  /** 操作識別カードの発行 */
  CARD_ISSUE = 'CARD_ISSUE',
  /** 操作識別カードの回収 (A16.2) */
  CARD_COLLECT = 'CARD_COLLECT',
}
registerEnumType(CardRequestKind, { name: 'CardRequestKind', description: '暗証番号管理者への依頼の種類 (A16.1)' });

export enum CardRequestStatus {
  REQUESTED = 'REQUESTED',
  ACCEPTED = 'ACCEPTED',
  DONE = 'DONE',
  REFUSED = 'REFUSED',
}
registerEnumType(CardRequestStatus, { name: 'CardRequestStatus', description: '依頼の状態' });

export enum CardRequestOrigin {
  /** a manager or an operations manager asked (A16.1) */
  MANAGER = 'MANAGER',
  /** the PIN administrator started it (A16.3) */
  PIN_ADMINISTRATOR = 'PIN_ADMINISTRATOR',
  /** opened by a transfer or the end of employment, in the same transaction (issue 15 §3) */
  TRANSFER = 'TRANSFER',
}
registerEnumType(CardRequestOrigin, { name: 'CardRequestOrigin', description: '依頼の発生元' });

/** The request states still waiting on the PIN administrator. */
export const OPEN_REQUEST = [CardRequestStatus.REQUESTED, CardRequestStatus.ACCEPTED] as const;

/**
 * A16.1, A16.3: a request to the PIN administrator to set, cancel or change an operator's PIN, or to
 * issue or collect a card: REQUESTED → ACCEPTED → DONE, or REFUSED with a reason. It tracks the
 * request only: the PIN itself is set in Juki-net and never written here.
 */
@ObjectType({ description: '暗証番号管理者への依頼 (A16.1, A16.3)' })
@Entity({ name: 'card_request' })
@Check('card_request_refused_reason', `"status" <> 'REFUSED' OR "refusalReason" IS NOT NULL`)
@Index('card_request_requested', ['requestedAt', 'id'])
@Index('card_request_open', ['status', 'requestedAt'])
@Index('card_request_operator', ['operatorId'])
@Index('card_request_transfer_move', ['transferMoveId'], { where: '"transferMoveId" IS NOT NULL' })
export class CardRequest {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => CardRequestKind)
  @Column({ type: 'enum', enum: CardRequestKind, enumName: 'card_request_kind' })
  kind: CardRequestKind;

  @Field(() => CardRequestStatus)
  @Column({ type: 'enum', enum: CardRequestStatus, enumName: 'card_request_status' })
  status: CardRequestStatus;

  @Field(() => CardRequestOrigin)
  @Column({ type: 'enum', enum: CardRequestOrigin, enumName: 'card_request_origin' })
  origin: CardRequestOrigin;

  @Column({ type: 'uuid' })
  operatorId: string;

  @ManyToOne(() => CardOperator, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'operatorId', foreignKeyConstraintName: 'card_request_operator_fk' })
  operatorRef?: CardOperator;

  /** the card to collect (CARD_COLLECT), when known */
  @Column({ type: 'uuid', nullable: true })
  cardId: string | null;

  @ManyToOne(() => OperatorCard, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'cardId', foreignKeyConstraintName: 'card_request_card_fk' })
  cardRef?: OperatorCard | null;

  /** the operator's section when asked (an operations manager's scope, A6) */
  @Column({ type: 'uuid' })
  sectionId: string;

  /** Issue 15 §3: the transfer round's move that opened it (the move's task), null otherwise */
  @Column({ type: 'uuid', nullable: true })
  transferMoveId: string | null;

  @ManyToOne(() => CardTransferMove, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'transferMoveId', foreignKeyConstraintName: 'card_request_transfer_move_fk' })
  transferMoveRef?: CardTransferMove | null;

  @Field(() => String, { nullable: true, description: '依頼の理由 (暗証番号は書かない)' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** null: opened by the system (a transfer recorded without a staff session) */
  @Column({ type: 'uuid', nullable: true })
  requestedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'requestedById', foreignKeyConstraintName: 'card_request_requested_by_fk' })
  requestedByRef?: Staff | null;

  /** millisecond precision, as the keyset cursor carries it */
  @Field(() => Date)
  @Column({ type: 'timestamptz', precision: 3 })
  requestedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  handledById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'handledById', foreignKeyConstraintName: 'card_request_handled_by_fk' })
  handledByRef?: Staff | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  refusedAt: Date | null;

  @Field(() => String, { nullable: true, description: '断った理由' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  refusalReason: string | null;

  @Field(() => String, { nullable: true, description: '対応の記録 (暗証番号は書かない)' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;
}
