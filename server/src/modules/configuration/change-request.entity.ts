import { Field, ObjectType, registerEnumType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';
import { ConfigurationItem } from './configuration-item.entity.js';

/** What a change does to the configuration (A14.1–2, A17): the kinds of request and of change record. */
export enum ChangeKind {
  /** 導入: a new item enters the register */
  INSTALL = 'INSTALL',
  /** 変更: fields of an item change (a new version, another room …) */
  CHANGE = 'CHANGE',
  /** 接続: a connection to another system (A11.1) */
  CONNECT = 'CONNECT',
  /** 切断 */
  DISCONNECT = 'DISCONNECT',
  /** 撤去・廃棄: the item leaves use (retired or disposed) */
  REMOVE = 'REMOVE',
}
registerEnumType(ChangeKind, { name: 'ChangeKind', description: '構成の変更の種類' });

export enum ChangeRequestStatus {
  /** 申請中: waiting for the manager */
  REQUESTED = 'REQUESTED',
  /** 承認済み: may now be carried out */
  APPROVED = 'APPROVED',
  REFUSED = 'REFUSED',
  /** 取下げ (by the requester, before it was carried out) */
  WITHDRAWN = 'WITHDRAWN',
  /** 実施済み: carried out, the register changed; waiting for the manager's confirmation */
  DONE = 'DONE',
  /** 確認済み */
  CONFIRMED = 'CONFIRMED',
}
registerEnumType(ChangeRequestStatus, { name: 'ChangeRequestStatus', description: '変更申請の状態' });

/**
 * A14.1–2, A17: installing, connecting, removing or changing equipment or programs is asked for
 * first (what, why, by whom) and approved by the manager (or the acting manager; a request of the
 * manager by the chief or the deputy chief) before it is done; then it is carried out, which changes
 * the register, and confirmed. The proposal is kept as asked (JSON) and checked again when carried out.
 */
@ObjectType({ description: '構成の変更申請 (A14.1–2, A17)' })
@Entity({ name: 'configuration_change_request' })
@Index('configuration_change_request_status', ['status', 'requestedAt'])
@Unique('configuration_change_request_client_id', ['clientId'])
export class ConfigurationChangeRequest {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** the id the requester's screen gave the request: a resend is stored once */
  @Column({ type: 'uuid', nullable: true })
  clientId: string | null;

  /** SHA-256 of what was asked with clientId: a resend must ask the same */
  @Column({ type: 'char', length: 64, nullable: true })
  fingerprint: string | null;

  @Field(() => ChangeKind)
  @Column({ type: 'enum', enum: ChangeKind, enumName: 'configuration_change_kind' })
  kind: ChangeKind;

  /** the item changed; for INSTALL, set when carried out */
  @Field(() => ID, { nullable: true })
  @Index('configuration_change_request_item')
  @Column({ type: 'uuid', nullable: true })
  itemId: string | null;

  @ManyToOne(() => ConfigurationItem, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'itemId', foreignKeyConstraintName: 'configuration_change_request_item_fk' })
  item?: ConfigurationItem | null;

  /** the normalised proposal: item fields (INSTALL, CHANGE), a connection (CONNECT, DISCONNECT), the end state (REMOVE) */
  @Column({ type: 'jsonb' })
  proposal: Record<string, unknown>;

  @Field(() => String, { description: '件名 (何を変更するか)' })
  @Column({ type: 'varchar', length: 200 })
  summary: string;

  @Field(() => String, { description: '理由' })
  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @Field(() => ChangeRequestStatus)
  @Column({ type: 'enum', enum: ChangeRequestStatus, enumName: 'configuration_change_request_status' })
  status: ChangeRequestStatus;

  @Column({ type: 'uuid' })
  requestedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'requestedById', foreignKeyConstraintName: 'configuration_change_request_requester_fk' })
  requestedBy?: Staff;

  /** millisecond precision, as the keyset cursor carries it */
  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  requestedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'decidedById', foreignKeyConstraintName: 'configuration_change_request_decider_fk' })
  decidedBy?: Staff | null;

  @Field(() => Date, { nullable: true, description: '承認・却下・取下げの日時' })
  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: '却下・取下げの理由、承認の条件' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  decisionNote: string | null;

  @Column({ type: 'uuid', nullable: true })
  carriedOutById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'carriedOutById', foreignKeyConstraintName: 'configuration_change_request_carrier_fk' })
  carriedOutBy?: Staff | null;

  @Field(() => Date, { nullable: true, description: '実施日時' })
  @Column({ type: 'timestamptz', nullable: true })
  carriedOutAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  confirmedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'confirmedById', foreignKeyConstraintName: 'configuration_change_request_confirmer_fk' })
  confirmedBy?: Staff | null;

  @Field(() => Date, { nullable: true, description: '確認日時' })
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;
}
