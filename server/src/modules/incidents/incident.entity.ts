import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrgRole } from '../../shared/authority.js';
import { ID } from '../../shared/ids.js';
import { AccessEvent, Room } from '../access/index.js';
import { Section, Staff } from '../organisation/index.js';
import { IncidentType } from './incident-types.js';
import { MediaScan } from './media-scan.entity.js';

export enum IncidentState {
  /** reported, nobody responsible has acknowledged it yet */
  REPORTED = 'REPORTED',
  /** acknowledged; steps under way */
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  /** every step done or waived, closed by the manager */
  CLOSED = 'CLOSED',
}
registerEnumType(IncidentState, { name: 'IncidentState', description: 'インシデントの状態' });

export enum IncidentSource {
  /** a staff member reported it (reportIncident) */
  STAFF = 'STAFF',
  /** a scan found a virus (A19.1–2) */
  MEDIA_SCAN = 'MEDIA_SCAN',
  /** the entry/exit register found an entry without authorisation (A12.2) */
  ACCESS_REGISTER = 'ACCESS_REGISTER',
}
registerEnumType(IncidentSource, { name: 'IncidentSource', description: 'インシデントの発生元' });

/**
 * An incident (A12.2, A19, A22, A27–A30): what happened, who was asked to acknowledge it and until
 * when, and its state. Its steps and its timeline are rows of their own. A report made from a phone
 * carries the phone's id for it (clientId), unique, so a resend is never stored twice.
 */
@ObjectType({ description: 'インシデント (A12.2, A19, A22, A27–A30)' })
@Entity({ name: 'incident' })
@Unique('incident_client_id', ['clientId'])
@Index('incident_reported', ['reportedAt', 'id'])
@Index('incident_open', ['state', 'ackDueAt'])
@Index('incident_access_event', ['accessEventId'], { unique: true, where: '"accessEventId" IS NOT NULL' })
@Check('incident_summary', `length(btrim("summary")) > 0`)
export class Incident {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** the reporting phone's own id for the report; null when the system opened it */
  @Field(() => ID, { nullable: true, description: '報告した端末が付けたID (再送しても1件)' })
  @Column({ type: 'uuid', nullable: true })
  clientId: string | null;

  /** SHA-256 of what was reported with clientId: a resend must say the same */
  @Column({ type: 'char', length: 64, nullable: true })
  fingerprint: string | null;

  @Field(() => IncidentType)
  @Column({ type: 'enum', enum: IncidentType, enumName: 'incident_type' })
  type: IncidentType;

  @Field(() => IncidentState)
  @Column({ type: 'enum', enum: IncidentState, enumName: 'incident_state', default: IncidentState.REPORTED })
  state: IncidentState;

  @Field(() => IncidentSource)
  @Column({ type: 'enum', enum: IncidentSource, enumName: 'incident_source' })
  source: IncidentSource;

  @Field(() => Date, { description: '発生日時' })
  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Field(() => Date, { description: '報告日時 (サーバーが受け付けた時刻)' })
  @Column({ type: 'timestamptz' })
  reportedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  reportedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'reportedById', foreignKeyConstraintName: 'incident_reported_by_fk' })
  reportedBy?: Staff | null;

  /** the section concerned: its operations manager does the operations manager's steps (A6) */
  @Index('incident_section')
  @Column({ type: 'uuid', nullable: true })
  sectionId: string | null;

  @ManyToOne(() => Section, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'sectionId', foreignKeyConstraintName: 'incident_section_fk' })
  section?: Section | null;

  /** the 電算室等 concerned (the access module's rooms) */
  @Column({ type: 'uuid', nullable: true })
  roomId: string | null;

  @ManyToOne(() => Room, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'roomId', foreignKeyConstraintName: 'incident_room_fk' })
  room?: Room | null;

  @Field(() => String, { description: '概要' })
  @Column({ type: 'varchar', length: 2000 })
  summary: string;

  @Field(() => String, { nullable: true, description: '入手元など、感染した媒体の出どころ (A19.3)' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  origin: string | null;

  /** A12.2: the register line of the entry (access_event), when the register opened it */
  @Field(() => ID, { nullable: true, description: '入退室管理簿の記録 (A12.2)' })
  @Column({ type: 'uuid', nullable: true })
  accessEventId: string | null;

  @ManyToOne(() => AccessEvent, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'accessEventId', foreignKeyConstraintName: 'incident_access_event_fk' })
  accessEvent?: AccessEvent | null;

  /** A19.1–2: the scan that found the virus */
  @Field(() => ID, { nullable: true, description: '媒体の検査記録 (A19.1–2)' })
  @Column({ type: 'uuid', nullable: true })
  mediaScanId: string | null;

  @ManyToOne(() => MediaScan, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'mediaScanId', foreignKeyConstraintName: 'incident_media_scan_fk' })
  mediaScan?: MediaScan | null;

  @Field(() => String, {
    nullable: true,
    description: '対応マニュアル (A22.2, A27) へのリンク。構成管理簿ができるまでは設定の値',
  })
  @Column({ type: 'varchar', length: 500, nullable: true })
  manualLink: string | null;

  @Field(() => OrgRole, { description: '報告を受ける役割 (基準の定め)' })
  @Column({ type: 'enum', enum: OrgRole, enumName: 'org_role' })
  reportTo: OrgRole;

  @Field(() => OrgRole, { description: '今、確認を求めている役割 (未確認のまま期限を過ぎると上位へ)' })
  @Column({ type: 'enum', enum: OrgRole, enumName: 'org_role' })
  awaiting: OrgRole;

  @Field(() => Int, { description: '上位の役割へ回した回数' })
  @Column({ type: 'smallint', default: 0 })
  escalations: number;

  @Field(() => Date, { description: '確認の期限 (この時刻を過ぎると上位の役割へ)' })
  @Column({ type: 'timestamptz' })
  ackDueAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'acknowledgedById', foreignKeyConstraintName: 'incident_acknowledged_by_fk' })
  acknowledgedBy?: Staff | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  closedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'closedById', foreignKeyConstraintName: 'incident_closed_by_fk' })
  closedBy?: Staff | null;

  @Field(() => String, { nullable: true, description: '終了時の所見' })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  closingNote: string | null;
}
