import { Field, ObjectType, registerEnumType } from 'type-graphql';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { ID } from '../../shared/ids.js';
import { AccessEvent, Room, RoomAuthorisation } from '../access/index.js';
import { Staff } from '../organisation/index.js';

export enum WorkOrderState {
  /** the manager instructed the work; nobody has entered for it yet */
  INSTRUCTED = 'INSTRUCTED',
  /** an outside person of the order entered one of its rooms within its window */
  IN_PROGRESS = 'IN_PROGRESS',
  /** the manager, or a staff member who escorted, confirmed the result */
  DONE = 'DONE',
  /** the manager cancelled it, with a reason */
  CANCELLED = 'CANCELLED',
}
registerEnumType(WorkOrderState, { name: 'WorkOrderState', description: '保守作業の状態 (A26)' });

/**
 * A26: 保守作業の実施にあたっては、実施者は、管理者の指示に基づき行う. The manager's instruction: who
 * (the contractor's company and people, each with a room authorisation of A12.2), what, when and in
 * which rooms. The register lines of its people in its rooms within its window are its entries.
 */
@ObjectType({ description: '保守作業の指示 (A26)' })
@Entity({ name: 'maintenance_work_order' })
@Check('maintenance_work_order_window', `"endsAt" > "startsAt"`)
@Check('maintenance_work_order_work', `length(btrim("work")) > 0`)
@Index('maintenance_work_order_starts', ['startsAt', 'id'])
@Index('maintenance_work_order_open', ['state', 'endsAt'])
@Unique('maintenance_work_order_client_id', ['clientId'])
export class MaintenanceWorkOrder {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** the id the manager's screen gave the instruction: a resend is stored once */
  @Column({ type: 'uuid', nullable: true })
  clientId: string | null;

  /** SHA-256 of what was instructed with clientId: a resend must say the same */
  @Column({ type: 'char', length: 64, nullable: true })
  fingerprint: string | null;

  @Field(() => WorkOrderState)
  @Column({ type: 'enum', enum: WorkOrderState, enumName: 'maintenance_work_order_state' })
  state: WorkOrderState;

  @Field(() => String, { description: '委託業者 (会社名)' })
  @Column({ type: 'varchar', length: 100 })
  contractorCompany: string;

  @Field(() => String, { nullable: true, description: '連絡先' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  contractorContact: string | null;

  @Field(() => String, { description: '作業内容' })
  @Column({ type: 'varchar', length: 1000 })
  work: string;

  @Field(() => String, { nullable: true, description: '対象の機器 (構成管理簿ができるまでは自由記述)' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  configurationItems: string | null;

  /** millisecond precision, as the keyset cursor carries it */
  @Field(() => Date, { description: '作業の開始予定' })
  @Column({ type: 'timestamptz', precision: 3 })
  startsAt: Date;

  @Field(() => Date, { description: '作業の終了予定' })
  @Column({ type: 'timestamptz', precision: 3 })
  endsAt: Date;

  @ManyToMany(() => Room)
  @JoinTable({
    name: 'maintenance_work_order_room',
    joinColumn: { name: 'orderId', foreignKeyConstraintName: 'maintenance_work_order_room_order_fk' },
    inverseJoinColumn: { name: 'roomId', foreignKeyConstraintName: 'maintenance_work_order_room_room_fk' },
  })
  rooms?: Room[];

  @Column({ type: 'uuid' })
  instructedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'instructedById', foreignKeyConstraintName: 'maintenance_work_order_instructed_by_fk' })
  instructedByRef?: Staff;

  /** the server's clock when instructed (an entry counts as covered only after it: instructed in advance) */
  @Field(() => Date, { description: '指示した日時' })
  @Column({ type: 'timestamptz', precision: 3 })
  instructedAt: Date;

  @Field(() => Date, { nullable: true, description: '最初の入室 (作業の開始)' })
  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Field(() => String, { nullable: true, description: '作業結果' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  result: string | null;

  @Column({ type: 'uuid', nullable: true })
  completedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'completedById', foreignKeyConstraintName: 'maintenance_work_order_completed_by_fk' })
  completedByRef?: Staff | null;

  @Field(() => Date, { nullable: true, description: '作業結果を確認した日時' })
  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Field(() => String, { nullable: true, description: '取消の理由' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'cancelledById', foreignKeyConstraintName: 'maintenance_work_order_cancelled_by_fk' })
  cancelledByRef?: Staff | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}

/**
 * The room authorisations (A12.2) of a work order's people: asked for by the order itself
 * (`requested`), or existing ones the manager linked. One authorisation may serve several orders
 * (a contractor authorised for the year, instructed job by job).
 */
@Entity({ name: 'maintenance_work_order_authorisation' })
@Index('maintenance_work_order_authorisation_by_authorisation', ['authorisationId'])
export class MaintenanceWorkOrderAuthorisation {
  @PrimaryColumn({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => MaintenanceWorkOrder, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'orderId', foreignKeyConstraintName: 'maintenance_work_order_authorisation_order_fk' })
  order?: MaintenanceWorkOrder;

  @PrimaryColumn({ type: 'uuid' })
  authorisationId: string;

  @ManyToOne(() => RoomAuthorisation, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'authorisationId', foreignKeyConstraintName: 'maintenance_work_order_authorisation_fk' })
  authorisation?: RoomAuthorisation;

  /** the person's place in the order (as the manager listed them) */
  @Column({ type: 'smallint' })
  position: number;

  /** true: the order asked for it; false: an existing authorisation linked to the order */
  @Column({ type: 'boolean' })
  requested: boolean;
}

/**
 * A26: an outside person's entry no work order covers, looked at by the manager (for example a
 * visit that was not maintenance work), with a note. It then no longer counts on /compliance.
 */
@ObjectType({ description: '指示のない外部の者の入室の確認 (A26)' })
@Entity({ name: 'maintenance_entry_review' })
export class MaintenanceEntryReview {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('maintenance_entry_review_event', { unique: true })
  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => AccessEvent, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'eventId', foreignKeyConstraintName: 'maintenance_entry_review_event_fk' })
  eventRef?: AccessEvent;

  @Field(() => String, { description: '確認の内容 (保守作業ではなかった理由など)' })
  @Column({ type: 'varchar', length: 1000 })
  note: string;

  @Column({ type: 'uuid' })
  reviewedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'reviewedById', foreignKeyConstraintName: 'maintenance_entry_review_staff_fk' })
  reviewedByRef?: Staff;

  @Field(() => Date)
  @Column({ type: 'timestamptz' })
  reviewedAt: Date;
}
