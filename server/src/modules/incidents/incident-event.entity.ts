import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrgRole } from '../../shared/authority.js';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';
import { Incident } from './incident.entity.js';

export enum IncidentEventKind {
  REPORTED = 'REPORTED',
  /** a holder of the role asked was told, and asked to acknowledge */
  NOTIFIED = 'NOTIFIED',
  /** told for their steps (the section's operations manager), not asked to acknowledge */
  INFORMED = 'INFORMED',
  /** nobody held the role asked on the day: the report went on up at once */
  ROLE_VACANT = 'ROLE_VACANT',
  /** not acknowledged in time: the next role up is asked */
  ESCALATED = 'ESCALATED',
  /** the top of the chain was asked and nobody acknowledged: nobody is left to ask */
  ESCALATION_EXHAUSTED = 'ESCALATION_EXHAUSTED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  /** the manager's instruction (A28) */
  INSTRUCTED = 'INSTRUCTED',
  STEP_ADDED = 'STEP_ADDED',
  STEP_DONE = 'STEP_DONE',
  STEP_WAIVED = 'STEP_WAIVED',
  /** A30: the incident was put in disaster mode (its shutdown checklist listed) */
  DISASTER_MODE = 'DISASTER_MODE',
  /** A30.1: the last row of the shutdown checklist was confirmed */
  CHECKLIST_COMPLETE = 'CHECKLIST_COMPLETE',
  /** A29.2, A30.2: the damage in a room was reported */
  DAMAGE_REPORTED = 'DAMAGE_REPORTED',
  /**
   * A12.2: another entry without authorisation into the same room within the hour, linked to the
   * open incident of that room rather than opening one more (a flood of entries, one incident)
   */
  ENTRY_LINKED = 'ENTRY_LINKED',
  CLOSED = 'CLOSED',
}
registerEnumType(IncidentEventKind, { name: 'IncidentEventKind', description: 'インシデントの経過の種類' });

/**
 * One line of an incident's timeline: every report, notification, escalation, acknowledgement,
 * instruction, step and the closing, in order. Written only, never changed.
 */
@ObjectType({ description: 'インシデントの経過' })
@Entity({ name: 'incident_event' })
@Index('incident_event_incident', ['incidentId', 'at', 'seq'])
@Index('incident_event_staff', ['staffId', 'kind'])
@Index('incident_event_client_id', ['clientId'], { unique: true, where: '"clientId" IS NOT NULL' })
@Index('incident_event_access_event', ['accessEventId'], { unique: true, where: '"accessEventId" IS NOT NULL' })
export class IncidentEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => Incident, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'incident_event_incident_fk' })
  incident?: Incident;

  /** the order of lines written at the same instant */
  @Field(() => Int)
  @Column({ type: 'int', generated: 'increment' })
  seq: number;

  @Field(() => Date)
  @Column({ type: 'timestamptz' })
  at: Date;

  @Field(() => IncidentEventKind)
  @Column({ type: 'enum', enum: IncidentEventKind, enumName: 'incident_event_kind' })
  kind: IncidentEventKind;

  /** who did it (null: the system: the register, a scan, a timer) */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'actorId', foreignKeyConstraintName: 'incident_event_actor_fk' })
  actor?: Staff | null;

  @Field(() => OrgRole, { nullable: true, description: '通知・上位への報告の相手の役割' })
  @Column({ type: 'enum', enum: OrgRole, enumName: 'org_role', nullable: true })
  role: OrgRole | null;

  /** the person notified or informed */
  @Column({ type: 'uuid', nullable: true })
  staffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'incident_event_staff_fk' })
  staff?: Staff | null;

  @Field(() => Boolean, { description: '通知の相手が職務代理者 (A9.7)' })
  @Column({ type: 'boolean', default: false })
  acting: boolean;

  @Column({ type: 'uuid', nullable: true })
  stepId: string | null;

  @Field(() => String, { nullable: true, description: '手順のキー' })
  @Column({ type: 'varchar', length: 40, nullable: true })
  stepKey: string | null;

  @Field(() => String, { nullable: true, description: '記録・理由・指示の内容' })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  text: string | null;

  /** ENTRY_LINKED: the register line (access_event) linked to the incident, once */
  @Field(() => ID, { nullable: true, description: '関連づけた入退室管理簿の記録 (ENTRY_LINKED)' })
  @Column({ type: 'uuid', nullable: true })
  accessEventId: string | null;

  /** the phone's id for what it sent (an instruction): a resend of it is recorded once */
  @Column({ type: 'uuid', nullable: true })
  clientId: string | null;

  @Field(() => Boolean, { description: '要注意 (順序の逸脱など)' })
  @Column({ type: 'boolean', default: false })
  flagged: boolean;
}
