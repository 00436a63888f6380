import { Field, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDate } from '../../shared/dates.js';
import { ID } from '../../shared/ids.js';
import { Room } from '../access/index.js';
import { Section, Staff } from '../organisation/index.js';
import { ItemKind, ItemState } from './item-kinds.js';

/**
 * One line of the configuration register (住基ネット構成管理簿, 様式第1号, A14.5): a device, a
 * program or a medium used by Juki-net. Its changes are ConfigurationChange rows, written in the
 * same transaction as the change; equipment and programs change only through an approved
 * ConfigurationChangeRequest (A14.1–2, A17) or the manager's flagged emergency entry.
 */
@ObjectType({ description: '構成管理簿の構成品 (A14.5)' })
@Entity({ name: 'configuration_item' })
// A11.2: a terminal is Juki-net only (the service refuses it first, with its code)
@Check('configuration_item_terminal_not_shared', `NOT ("kind" = 'TERMINAL' AND "sharedWithOtherSystems")`)
@Check('configuration_item_in_use_dates', `"inUseTo" IS NULL OR "inUseFrom" IS NULL OR "inUseTo" >= "inUseFrom"`)
@Index('configuration_item_kind_state', ['kind', 'state'])
export class ConfigurationItem {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { description: '登録番号' })
  @Column({ type: 'varchar', length: 30 })
  @Index('configuration_item_register_number', { unique: true })
  registerNumber: string;

  @Field(() => ItemKind)
  @Column({ type: 'enum', enum: ItemKind, enumName: 'configuration_item_kind' })
  kind: ItemKind;

  @Field(() => String, { description: '名称' })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => String, { nullable: true, description: 'メーカー' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  maker: string | null;

  @Field(() => String, { nullable: true, description: '型式・製品名' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  model: string | null;

  @Field(() => String, { nullable: true, description: 'バージョン (プログラム)' })
  @Column({ type: 'varchar', length: 50, nullable: true })
  version: string | null;

  @Field(() => String, { nullable: true, description: '製造番号・ライセンス番号' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  serialNumber: string | null;

  /** 電算室等 (A12.1, access module): the server room of equipment (A14.3), the storage room of media (A15) */
  @Field(() => ID, { nullable: true })
  @Index('configuration_item_room')
  @Column({ type: 'uuid', nullable: true })
  roomId: string | null;

  @ManyToOne(() => Room, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'roomId', foreignKeyConstraintName: 'configuration_item_room_fk' })
  room?: Room | null;

  @Field(() => String, { nullable: true, description: 'ラック (A14.4)' })
  @Column({ type: 'varchar', length: 50, nullable: true })
  rack: string | null;

  @Field(() => String, {
    nullable: true,
    description: '設置・保管場所 (電算室等の外: 窓口の端末、保管庫など)',
  })
  @Column({ type: 'varchar', length: 200, nullable: true })
  location: string | null;

  @Field(() => Boolean, { nullable: true, description: '施錠できる場所に保管 (磁気媒体等, A15)' })
  @Column({ type: 'boolean', nullable: true })
  storageLocked: boolean | null;

  @Field(() => ID, { description: '使用課' })
  @Column({ type: 'uuid' })
  sectionId: string;

  @ManyToOne(() => Section, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'sectionId', foreignKeyConstraintName: 'configuration_item_section_fk' })
  section?: Section;

  @Field(() => ID, { description: '管理責任者' })
  @Column({ type: 'uuid' })
  responsibleStaffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'responsibleStaffId', foreignKeyConstraintName: 'configuration_item_responsible_fk' })
  responsibleStaff?: Staff;

  @Field(() => LocalDate, { nullable: true, description: '使用開始日' })
  @Column({ type: 'date', nullable: true })
  inUseFrom: string | null;

  @Field(() => LocalDate, { nullable: true, description: '使用終了日' })
  @Column({ type: 'date', nullable: true })
  inUseTo: string | null;

  @Field(() => ItemState)
  @Column({ type: 'enum', enum: ItemState, enumName: 'configuration_item_state' })
  state: ItemState;

  @Field(() => [String], { description: 'ネットワークアドレス (機器)' })
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  networkAddresses: string[];

  /** a program: the equipment it is installed on */
  @Field(() => ID, { nullable: true })
  @Index('configuration_item_installed_on')
  @Column({ type: 'uuid', nullable: true })
  installedOnId: string | null;

  @ManyToOne(() => ConfigurationItem, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'installedOnId', foreignKeyConstraintName: 'configuration_item_installed_on_fk' })
  installedOn?: ConfigurationItem | null;

  @Field(() => Boolean, { description: '他のシステムと共用 (端末は不可, A11.2)' })
  @Column({ type: 'boolean', default: false })
  sharedWithOtherSystems: boolean;

  @Field(() => String, { nullable: true, description: '備考' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Field(() => Date)
  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
