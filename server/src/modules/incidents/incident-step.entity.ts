import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrgRole } from '../../shared/authority.js';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';
import { Incident } from './incident.entity.js';

/**
 * One step of an incident's checklist: mandated by its type (REQUIREMENTS §5) or added by the
 * manager. Done (by whom, when, with a note; flagged when earlier steps were still open) or waived
 * by the manager with a reason. The incident closes once every step is one or the other.
 */
@ObjectType({ description: 'インシデントの対応手順' })
@Entity({ name: 'incident_step' })
@Unique('incident_step_key', ['incidentId', 'key'])
@Check('incident_step_done_or_waived', `"doneAt" IS NULL OR "waivedAt" IS NULL`)
@Check('incident_step_waive_reason', `"waivedAt" IS NULL OR length(btrim("waiveReason")) > 0`)
export class IncidentStep {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => Incident, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'incident_step_incident_fk' })
  incident?: Incident;

  @Field(() => String, { description: '手順のキー (種類ごとに一意; 追加した手順は added-1 …)' })
  @Column({ type: 'varchar', length: 40 })
  key: string;

  @Field(() => Int, { description: '順番 (1から)' })
  @Column({ type: 'smallint' })
  position: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Field(() => OrgRole, { nullable: true, description: '行う役割 (null: その場の職員の誰でも)' })
  @Column({ type: 'enum', enum: OrgRole, enumName: 'org_role', nullable: true })
  role: OrgRole | null;

  @Field(() => String, { nullable: true, description: '根拠の条項 (追加した手順は null)' })
  @Column({ type: 'varchar', length: 20, nullable: true })
  article: string | null;

  @Field(() => Boolean, { description: '基準が定める手順 (false: 管理者が追加)' })
  @Column({ type: 'boolean' })
  mandated: boolean;

  @Column({ type: 'uuid', nullable: true })
  addedById: string | null;

  @Field(() => Date, { nullable: true, description: '期限 (null: 期限なし)' })
  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  doneById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'doneById', foreignKeyConstraintName: 'incident_step_done_by_fk' })
  doneBy?: Staff | null;

  /** who recorded it (the done-by person may be someone else, told to do it) */
  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @Field(() => Date, { nullable: true, description: '記録した時刻' })
  @Column({ type: 'timestamptz', nullable: true })
  recordedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  note: string | null;

  @Field(() => Boolean, { description: '前の手順が終わる前に行われた (順序の逸脱)' })
  @Column({ type: 'boolean', default: false })
  outOfOrder: boolean;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  waivedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  waivedById: string | null;

  @Field(() => String, { nullable: true, description: '省略の理由 (管理者)' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  waiveReason: string | null;
}

/** Neither done nor waived. */
export const isOpen = (s: Pick<IncidentStep, 'doneAt' | 'waivedAt'>): boolean =>
  s.doneAt === null && s.waivedAt === null;
