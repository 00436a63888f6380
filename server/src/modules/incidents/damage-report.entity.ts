import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ID } from '../../shared/ids.js';
import { Room } from '../access/index.js';
import { Staff } from '../organisation/index.js';
import { Incident } from './incident.entity.js';

export enum DamageSeverity {
  /** checked: nothing damaged */
  NONE = 'NONE',
  /** 軽微: still usable */
  MINOR = 'MINOR',
  /** 重大: not usable until repaired */
  SERIOUS = 'SERIOUS',
  /** 全損: lost */
  TOTAL = 'TOTAL',
}
registerEnumType(DamageSeverity, { name: 'DamageSeverity', description: '被害の程度 (なし・軽微・重大・全損)' });

/**
 * A29.2, A30.2: the state of the damage, reported at once, per room: which 電算室等 (or where, for
 * a place that is not one), what is damaged, how badly. A phone gives each report its own id
 * (clientId): a resend is stored once.
 */
@ObjectType({ description: '被害の状況の報告 (A29.2, A30.2)' })
@Entity({ name: 'incident_damage_report' })
@Unique('incident_damage_report_client_id', ['clientId'])
@Index('incident_damage_report_incident', ['incidentId', 'seq'])
@Check('incident_damage_report_where', `"roomId" IS NOT NULL OR length(btrim(coalesce("location", ''))) > 0`)
@Check('incident_damage_report_what', `"severity" = 'NONE' OR length(btrim("damaged")) > 0`)
export class IncidentDamageReport {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { description: '報告した端末が付けたID (再送しても1件)' })
  @Column({ type: 'uuid' })
  clientId: string;

  /** SHA-256 of what was reported with clientId: a resend must say the same */
  @Column({ type: 'char', length: 64 })
  fingerprint: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  incidentId: string;

  /** the order reports arrived in (two may arrive at the same instant) */
  @Column({ type: 'int', generated: 'increment' })
  seq: number;

  @ManyToOne(() => Incident, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'incident_damage_report_incident_fk' })
  incident?: Incident;

  @Column({ type: 'uuid', nullable: true })
  roomId: string | null;

  @ManyToOne(() => Room, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'roomId', foreignKeyConstraintName: 'incident_damage_report_room_fk' })
  room?: Room | null;

  @Field(() => String, { nullable: true, description: '電算室等でない場所 (例: 市民課 窓口)' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  location: string | null;

  @Field(() => DamageSeverity)
  @Column({ type: 'enum', enum: DamageSeverity, enumName: 'damage_severity' })
  severity: DamageSeverity;

  @Field(() => String, { description: '損傷した機器・設備 (被害なしのときは空でもよい)' })
  @Column({ type: 'varchar', length: 500 })
  damaged: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  note: string | null;

  @Field(() => Date, { description: '確認した時刻 (端末が送った時刻)' })
  @Column({ type: 'timestamptz' })
  observedAt: Date;

  @Field(() => Date, { description: 'サーバーが受け付けた時刻' })
  @Column({ type: 'timestamptz' })
  reportedAt: Date;

  @Column({ type: 'uuid' })
  reportedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'reportedById', foreignKeyConstraintName: 'incident_damage_report_reported_by_fk' })
  reportedBy?: Staff;
}
