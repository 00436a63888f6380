import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../../shared/ids.js';
import { AccessEvent } from '../access/index.js';
import { Incident } from '../incidents/index.js';
import { Staff } from '../organisation/index.js';

export enum InvestigationState {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(InvestigationState, { name: 'InvestigationState', description: '調査の状態 (A21)' });

export enum InvestigationLinkKind {
  /** a record of the operation history, by its key (sourceId, line, at): no foreign key into the partitions */
  OPERATION_RECORD = 'OPERATION_RECORD',
  /** an entry of the entry/exit register (A12.3) */
  ACCESS_EVENT = 'ACCESS_EVENT',
  /** an incident (A27–A29) */
  INCIDENT = 'INCIDENT',
}
registerEnumType(InvestigationLinkKind, { name: 'InvestigationLinkKind', description: '調査に結び付けた記録の種類' });

/**
 * A21 (調査): the manager's investigation of a staff member's use of Juki-net — its subject, scope,
 * period, findings and the records it rests on. Read only by the manager, the chief and auditors
 * (policy, and field by field). Opening one asks the operations manager of the subject's section
 * (or a person the manager names) to cooperate: an item on their 対応が必要, which shows them the
 * request, not the investigation.
 */
@ObjectType({ description: '調査 (A21)。管理者・統括者・監査者のみ閲覧できる' })
@Entity({ name: 'investigation' })
@Check('investigation_period', `"periodTo" > "periodFrom"`)
@Check('investigation_scope', `length(btrim("scope")) > 0`)
@Check('investigation_closed', `("state" = 'CLOSED') = ("closedAt" IS NOT NULL)`)
@Index('investigation_opened', ['openedAt', 'id'])
@Index('investigation_cooperation', ['cooperatorId'], { where: `"cooperationAcknowledgedAt" IS NULL` })
export class Investigation {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => InvestigationState)
  @Column({ type: 'enum', enum: InvestigationState, enumName: 'investigation_state', default: InvestigationState.OPEN })
  state: InvestigationState;

  @Column({ type: 'uuid' })
  subjectId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'subjectId', foreignKeyConstraintName: 'investigation_subject_fk' })
  subjectRef?: Staff;

  @Field(() => String, { description: '調査の範囲 (何を調べるか)' })
  @Column({ type: 'varchar', length: 1000 })
  scope: string;

  @Field(() => Date, { description: '対象期間の開始' })
  @Column({ type: 'timestamptz' })
  periodFrom: Date;

  @Field(() => Date, { description: '対象期間の終了' })
  @Column({ type: 'timestamptz' })
  periodTo: Date;

  /** resolved by a field resolver (Investigation.findings): the manager, the chief and auditors */
  @Column({ type: 'varchar', length: 4000, nullable: true })
  findings: string | null;

  @Column({ type: 'uuid' })
  openedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'openedById', foreignKeyConstraintName: 'investigation_opened_by_fk' })
  openedByRef?: Staff;

  @Field(() => Date, { description: '開始した日時' })
  @Column({ type: 'timestamptz' })
  openedAt: Date;

  @Field(() => Date, { nullable: true, description: '終了した日時' })
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** the person asked to cooperate (A21): the operations manager of the subject's section, or one named */
  @Column({ type: 'uuid' })
  cooperatorId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'cooperatorId', foreignKeyConstraintName: 'investigation_cooperator_fk' })
  cooperatorRef?: Staff;

  @Field(() => String, { description: '協力の依頼の文面 (依頼先に見える)' })
  @Column({ type: 'varchar', length: 1000 })
  cooperationMessage: string;

  @Field(() => Date, { nullable: true, description: '依頼先が協力の依頼を確認した日時' })
  @Column({ type: 'timestamptz', nullable: true })
  cooperationAcknowledgedAt: Date | null;
}

/** A record an investigation rests on: an operation record by key, a register entry, an incident. */
@ObjectType({ description: '調査に結び付けた記録' })
@Entity({ name: 'investigation_link' })
@Check(
  'investigation_link_target',
  `("kind" = 'OPERATION_RECORD') = ("recordSourceId" IS NOT NULL AND "recordLine" IS NOT NULL AND "recordAt" IS NOT NULL)
   AND ("kind" = 'ACCESS_EVENT') = ("accessEventId" IS NOT NULL) AND ("kind" = 'INCIDENT') = ("incidentId" IS NOT NULL)`,
)
@Index('investigation_link_of', ['investigationId', 'addedAt'])
export class InvestigationLink {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  investigationId: string;

  @ManyToOne(() => Investigation, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'investigationId', foreignKeyConstraintName: 'investigation_link_investigation_fk' })
  investigationRef?: Investigation;

  @Field(() => InvestigationLinkKind)
  @Column({ type: 'enum', enum: InvestigationLinkKind, enumName: 'investigation_link_kind' })
  kind: InvestigationLinkKind;

  @Field(() => String, { nullable: true, description: '操作履歴の送信元 (キー)' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  recordSourceId: string | null;

  @Field(() => Number, { nullable: true, description: '操作履歴の行 (キー)' })
  @Column({ type: 'integer', nullable: true })
  recordLine: number | null;

  @Field(() => Date, { nullable: true, description: '操作履歴の日時 (キー)' })
  @Column({ type: 'timestamptz', nullable: true })
  recordAt: Date | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  accessEventId: string | null;

  @ManyToOne(() => AccessEvent, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'accessEventId', foreignKeyConstraintName: 'investigation_link_access_event_fk' })
  accessEventRef?: AccessEvent;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  incidentId: string | null;

  @ManyToOne(() => Incident, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'investigation_link_incident_fk' })
  incidentRef?: Incident;

  @Field(() => String, { nullable: true, description: 'メモ' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Field(() => Date)
  @Column({ type: 'timestamptz' })
  addedAt: Date;
}
