import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ID } from '../../shared/ids.js';
import { Room } from '../access/index.js';
import { Staff } from '../organisation/index.js';
import { Incident, IncidentState } from './incident.entity.js';
import { IncidentType } from './incident-types.js';

export enum DisasterItemKind {
  /** a 電算室等 to check (the access module's rooms) */
  ROOM = 'ROOM',
  /** a server to shut down (the configuration register, once it exists) */
  SERVER = 'SERVER',
  /** a terminal to switch off */
  TERMINAL = 'TERMINAL',
  /** anything else the manager types in */
  OTHER = 'OTHER',
}
registerEnumType(DisasterItemKind, {
  name: 'DisasterItemKind',
  description: '災害モードの確認リストの対象 (電算室等・サーバー・端末・その他)',
});

export enum DisasterItemOutcome {
  /** shut down / switched off / the room checked */
  DONE = 'DONE',
  /** could not be done (no access, no power …): a note says why */
  CANNOT = 'CANNOT',
  /** found damaged: a note says what */
  DAMAGED = 'DAMAGED',
  /** the manager took it off the list with a reason (not there, not needed) */
  WAIVED = 'WAIVED',
}
registerEnumType(DisasterItemOutcome, {
  name: 'DisasterItemOutcome',
  description: '確認の結果 (終了・電源切断・確認済み / できない / 損傷あり / 管理者が対象外とした)',
});

/**
 * A30: an incident in disaster mode (declared by the manager, or by the report of a large
 * earthquake or a lightning power cut itself). One row per incident: declaring again changes nothing.
 */
@Entity({ name: 'incident_disaster_mode' })
export class IncidentDisasterMode {
  @PrimaryColumn({ type: 'uuid' })
  incidentId: string;

  @OneToOne(() => Incident, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'incident_disaster_mode_incident_fk' })
  incident?: Incident;

  @Column({ type: 'timestamptz' })
  declaredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  declaredById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'declaredById', foreignKeyConstraintName: 'incident_disaster_mode_declared_by_fk' })
  declaredBy?: Staff | null;

  /** declared by the report itself (A30 type), not by the manager */
  @Column({ type: 'boolean' })
  automatic: boolean;
}

/**
 * One row of the shutdown checklist (A30.1): a room to check, a server to shut down, a terminal to
 * switch off, as the modules that keep them listed them (source, sourceId: listed once), or typed
 * in by the manager. Confirmed once, from a phone, with the time and the person; a second
 * confirmation changes nothing.
 */
@ObjectType({ description: '災害モードの確認リストの行 (A30)' })
@Entity({ name: 'disaster_checklist_item' })
@Index('disaster_checklist_item_order', ['incidentId', 'position'])
@Index('disaster_checklist_item_source', ['incidentId', 'source', 'sourceId'], {
  unique: true,
  where: '"sourceId" IS NOT NULL',
})
@Check('disaster_checklist_item_label', `length(btrim("label")) > 0`)
@Check(
  'disaster_checklist_item_settled',
  `("outcome" IS NULL) = ("confirmedAt" IS NULL) AND ("outcome" IS NULL) = ("confirmedById" IS NULL)`,
)
@Check(
  'disaster_checklist_item_note',
  `"outcome" IS NULL OR "outcome" = 'DONE' OR length(btrim(coalesce("note", ''))) > 0`,
)
export class DisasterChecklistItem {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => Incident, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'disaster_checklist_item_incident_fk' })
  incident?: Incident;

  @Field(() => Int, { description: '表示の順番 (部屋ごと)' })
  @Column({ type: 'int' })
  position: number;

  @Field(() => DisasterItemKind)
  @Column({ type: 'enum', enum: DisasterItemKind, enumName: 'disaster_item_kind' })
  kind: DisasterItemKind;

  @Field(() => String, { description: '対象の名前' })
  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Column({ type: 'uuid', nullable: true })
  roomId: string | null;

  @ManyToOne(() => Room, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'roomId', foreignKeyConstraintName: 'disaster_checklist_item_room_fk' })
  room?: Room | null;

  @Field(() => String, { description: '一覧の出どころ (access.room, configuration.server …, manual: 管理者が追加)' })
  @Column({ type: 'varchar', length: 60 })
  source: string;

  @Field(() => String, { nullable: true, description: '出どころの記録のID' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  sourceId: string | null;

  @Column({ type: 'uuid', nullable: true })
  addedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'addedById', foreignKeyConstraintName: 'disaster_checklist_item_added_by_fk' })
  addedBy?: Staff | null;

  @Field(() => Date)
  @Column({ type: 'timestamptz' })
  addedAt: Date;

  @Field(() => DisasterItemOutcome, { nullable: true, description: '結果 (null: 未確認)' })
  @Column({ type: 'enum', enum: DisasterItemOutcome, enumName: 'disaster_item_outcome', nullable: true })
  outcome: DisasterItemOutcome | null;

  @Field(() => Date, { nullable: true, description: '終了・電源切断・確認をした時刻 (端末が送った時刻)' })
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  confirmedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'confirmedById', foreignKeyConstraintName: 'disaster_checklist_item_confirmed_by_fk' })
  confirmedBy?: Staff | null;

  @Field(() => Date, { nullable: true, description: 'サーバーが記録した時刻' })
  @Column({ type: 'timestamptz', nullable: true })
  recordedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'できない理由・損傷の内容・対象外の理由' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;
}

/**
 * The disaster page of an incident of A28–A30, as a phone shows it: what the incident is, whether
 * and when disaster mode was declared, every row of its checklist and the progress (settled / total).
 */
@ObjectType({ description: '災害モードの確認リスト (A30)' })
export class DisasterChecklist {
  @Field(() => ID)
  incidentId: string;

  @Field(() => IncidentType)
  incidentType: IncidentType;

  @Field(() => IncidentState)
  incidentState: IncidentState;

  @Field(() => String, { description: 'インシデントの概要' })
  summary: string;

  @Field(() => Date)
  occurredAt: Date;

  @Field(() => Date, { nullable: true, description: '災害モードにした時刻 (null: 災害モードではない)' })
  declaredAt: Date | null;

  declaredById: string | null;

  @Field(() => Boolean, { description: '地震・落雷の報告により自動で災害モードになった' })
  automatic: boolean;

  @Field(() => Boolean, { description: '災害モードにできる種類で、まだ災害モードでない (管理者が切り替えられる)' })
  declarable: boolean;

  @Field(() => [DisasterChecklistItem], { description: '行 (部屋ごとの順)' })
  items: DisasterChecklistItem[];

  @Field(() => Int, { description: '行の数' })
  total: number;

  @Field(() => Int, { description: '確認済みの行の数 (終了・できない・損傷・対象外)' })
  settled: number;

  @Field(() => Int)
  done: number;

  @Field(() => Int)
  cannot: number;

  @Field(() => Int)
  damaged: number;

  @Field(() => Int)
  waived: number;
}
