import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DoorDevice } from '../identity/index.js';
import { Staff } from '../organisation/index.js';
import { Room } from './room.entity.js';
import { RoomAuthorisation } from './room-authorisation.entity.js';
import { GraphQLJSON } from 'graphql-scalars';
import { SubjectKind } from './room-authorisation.entity.js';

export enum AccessDirection {
  ENTER = 'ENTER',
  EXIT = 'EXIT',
}
registerEnumType(AccessDirection, { name: 'AccessDirection', description: '入室 / 退室' });

export enum AnomalyKind {
  /** no authorisation in force for this person and room at the event's time (A12.2) */
  UNAUTHORISED = 'UNAUTHORISED',
  /** the device clock was more than 5 minutes off the server's */
  CLOCK_SKEW = 'CLOCK_SKEW',
  /** an exit with no open entry of the same person and room */
  EXIT_WITHOUT_ENTRY = 'EXIT_WITHOUT_ENTRY',
  /** an outside person without an escort */
  ESCORT_MISSING = 'ESCORT_MISSING',
  /** on exit, a checklist item was not confirmed */
  CHECKLIST_INCOMPLETE = 'CHECKLIST_INCOMPLETE',
  /** the door PIN typed for this event was wrong (or not set, or not readable) */
  PIN_FAILED = 'PIN_FAILED',
  /** door check-in of this person was locked (10 wrong PINs) */
  PIN_LOCKED = 'PIN_LOCKED',
  /** a staff member recorded at a tablet without typing their door PIN */
  PIN_MISSING = 'PIN_MISSING',
  /** found later: an entry still without an exit 12 hours on */
  NOT_CLOSED = 'NOT_CLOSED',
  /** found later: sequence numbers of this tablet before this event never arrived (an hour on) */
  SEQUENCE_GAP = 'SEQUENCE_GAP',
}
registerEnumType(AnomalyKind, { name: 'AnomalyKind', description: '入退室の異常' });

/**
 * How a line came into the register (Hardening §1): at the door tablet, or typed in by a manager
 * from the paper register kept while the tablets were down (a paper-fallback entry). The latter
 * has no PIN and no device sequence behind it, so the register and the chief's report show it apart.
 */
export enum AccessEventSource {
  DOOR_TABLET = 'DOOR_TABLET',
  PAPER_FALLBACK = 'PAPER_FALLBACK',
}
registerEnumType(AccessEventSource, {
  name: 'AccessEventSource',
  description: '記録の方法: 扉の端末 / 紙の記録からの転記 (管理者の手入力)',
});

/** On exit: what the person confirms before leaving (A12.3 register, 確認結果). */
export interface ExitChecklist {
  equipmentOff: boolean;
  noMediaLeft: boolean;
  noUnauthorisedCable: boolean;
  noDocumentsLeft: boolean;
}

/**
 * One line of the entry/exit register (入退室管理簿, A12.3). Recorded at the door tablet, often
 * offline: clientEventId (made by the tablet) is unique per tablet, and (deviceId, deviceSeq) is
 * unique, so a replay can never store an event twice. Per tablet, not across tablets (Hardening §5):
 * another tablet cannot take a tablet's future ids and get its genuine events refused. A manager's
 * events by hand have ids of their own. Never updated by a submission: what is stored stays.
 */
@ObjectType({ description: '入退室の記録 (A12.3)' })
@Entity({ name: 'access_event' })
@Index('access_event_device_client_id', ['deviceId', 'clientEventId'], {
  unique: true,
  where: '"deviceId" IS NOT NULL',
})
@Index('access_event_manual_client_id', ['clientEventId'], { unique: true, where: '"deviceId" IS NULL' })
@Unique('access_event_device_seq', ['deviceId', 'deviceSeq'])
@Index('access_event_occurred', ['occurredAt', 'id'])
@Index('access_event_subject_room', ['staffId', 'roomId', 'occurredAt'])
// an outside person's lines, by their authorisation (A26: a maintenance order's entries, entries without one)
@Index('access_event_contractor', ['contractorAuthorisationId', 'occurredAt'], {
  where: '"contractorAuthorisationId" IS NOT NULL',
})
// an entry is closed by one exit at most (a second exit for it is stored as an exit without entry)
@Index('access_event_entry', ['entryEventId'], { unique: true, where: '"entryEventId" IS NOT NULL' })
export class AccessEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  clientEventId: string;

  @Column({ type: 'uuid', nullable: true })
  deviceId: string | null;

  @ManyToOne(() => DoorDevice, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'deviceId', foreignKeyConstraintName: 'access_event_device_fk' })
  deviceRef?: DoorDevice;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'int', nullable: true })
  deviceSeq: number | null;

  /** a manager recording by hand (e.g. from the paper fallback) instead of a tablet */
  @Column({ type: 'uuid', nullable: true })
  recordedByStaffId: string | null;

  @Field(() => AccessDirection)
  @Column({ type: 'enum', enum: AccessDirection, enumName: 'access_direction' })
  direction: AccessDirection;

  @Field(() => SubjectKind)
  @Column({ type: 'enum', enum: SubjectKind, enumName: 'authorisation_subject_kind' })
  subjectKind: SubjectKind;

  @Column({ type: 'uuid', nullable: true })
  staffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'access_event_staff_fk' })
  staffRef?: Staff;

  /** an outside person is known by their authorisation */
  @Column({ type: 'uuid', nullable: true })
  contractorAuthorisationId: string | null;

  @ManyToOne(() => RoomAuthorisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'contractorAuthorisationId', foreignKeyConstraintName: 'access_event_contractor_fk' })
  contractorAuthorisationRef?: RoomAuthorisation;

  @Column({ type: 'uuid', nullable: true })
  escortStaffId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'escortStaffId', foreignKeyConstraintName: 'access_event_escort_fk' })
  escortStaffRef?: Staff;

  @Column({ type: 'uuid' })
  roomId: string;

  @ManyToOne(() => Room, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'roomId', foreignKeyConstraintName: 'access_event_room_fk' })
  roomRef?: Room;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  purpose: string;

  @Field(() => Date, { description: '端末の時計での時刻' })
  @Column({ type: 'timestamptz' })
  deviceTime: Date;

  @Field(() => Int, { description: '端末の時計のずれ (秒、サーバー − 端末)' })
  @Column({ type: 'int' })
  clockSkewSeconds: number;

  @Field(() => Date, { description: '発生時刻 (端末の時刻をサーバーの時計で補正)' })
  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Field(() => Date, { description: 'サーバーの受信時刻' })
  @Column({ type: 'timestamptz' })
  receivedAt: Date;

  /** the authorisation in force at occurredAt, if any */
  @Column({ type: 'uuid', nullable: true })
  authorisationId: string | null;

  /** on exit: the entry it closes */
  @Column({ type: 'uuid', nullable: true })
  entryEventId: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: '退室時の確認 (電源・媒体・ケーブル・書類)' })
  @Column({ type: 'jsonb', nullable: true })
  checklist: ExitChecklist | null;

  @Field(() => String, { nullable: true, description: '特記事項' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Field(() => [AnomalyKind])
  @Column({ type: 'enum', enum: AnomalyKind, enumName: 'access_anomaly_kind', array: true, default: '{}' })
  anomalies: AnomalyKind[];

  /** set (not stored) when read as an entry known to be still open, for the overstay flag */
  stillOpen?: boolean;
}

/** An anomaly of one event, for the manager to resolve with a note. */
@ObjectType({ description: '入退室の異常 (管理者が確認して解決)' })
@Entity({ name: 'access_anomaly' })
@Unique('access_anomaly_event_kind', ['eventId', 'kind'])
@Index('access_anomaly_open', ['resolvedAt', 'detectedAt'])
export class AccessAnomaly {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => AccessEvent, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'eventId', foreignKeyConstraintName: 'access_anomaly_event_fk' })
  eventRef?: AccessEvent;

  @Field(() => AnomalyKind)
  @Column({ type: 'enum', enum: AnomalyKind, enumName: 'access_anomaly_kind' })
  kind: AnomalyKind;

  @Field(() => Date)
  @Column({ type: 'timestamptz' })
  detectedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedById: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  resolutionNote: string | null;
}

/**
 * A sequence number a tablet used for an event the server refused (the event itself is not in
 * the register), or for one already stored under another tablet (code DUPLICATE: a tablet paired
 * again resending its waiting events). Kept so the number does not read as a missing event (SEQUENCE_GAP) forever, and
 * so the refusal can be traced. One row per (device, number); the first refusal counts.
 */
@Entity({ name: 'access_event_refusal' })
@Unique('access_event_refusal_device_seq', ['deviceId', 'deviceSeq'])
@Index('access_event_refusal_received', ['receivedAt'])
export class AccessEventRefusal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  deviceId: string;

  @Column({ type: 'int' })
  deviceSeq: number;

  @Column({ type: 'uuid' })
  clientEventId: string;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'timestamptz' })
  receivedAt: Date;
}

/**
 * How far a tablet's numbers run with no gap: every number up to `contiguousTo` was stored or
 * refused (or lies too far back to be reported). The gaps a batch is answered with are looked for
 * above it only, so that answer costs the same on the tablet's first day as after 10 000 events
 * (Hardening §7). Moved forward by the batch that closes the gaps, inside its transaction.
 */
@Entity({ name: 'access_device_sequence' })
export class AccessDeviceSequence {
  @PrimaryColumn({ type: 'uuid' })
  deviceId: string;

  @ManyToOne(() => DoorDevice, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'deviceId', foreignKeyConstraintName: 'access_device_sequence_device_fk' })
  device?: DoorDevice;

  @Column({ type: 'int' })
  contiguousTo: number;
}
