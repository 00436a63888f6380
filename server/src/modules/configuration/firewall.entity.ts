import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDate } from '../../shared/dates.js';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import { StoredFile } from './stored-file.entity.js';

/**
 * A14.7: the manager looked up the latest version of a firewall program on a day. The installed
 * version is the item's own (it changes through change control); each check keeps what was
 * installed then, so the history reads on its own.
 */
@ObjectType({ description: 'ファイヤーウォールのプログラムの最新版の確認 (A14.7)' })
@Entity({ name: 'firewall_version_check' })
@Index('firewall_version_check_item', ['itemId', 'checkedOn'])
export class FirewallVersionCheck {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => ConfigurationItem, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'itemId', foreignKeyConstraintName: 'firewall_version_check_item_fk' })
  item?: ConfigurationItem;

  @Field(() => LocalDate, { description: '確認した日' })
  @Column({ type: 'date' })
  checkedOn: string;

  @Field(() => String, { description: '確認した最新のバージョン' })
  @Column({ type: 'varchar', length: 50 })
  latestKnownVersion: string;

  @Field(() => String, { nullable: true, description: '確認したときに導入されていたバージョン' })
  @Column({ type: 'varchar', length: 50, nullable: true })
  installedVersion: string | null;

  @Field(() => String, { nullable: true, description: '確認した情報源など' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  byId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'byId', foreignKeyConstraintName: 'firewall_version_check_by_fk' })
  by?: Staff;

  @Field(() => Date)
  @Column({ type: 'timestamptz', precision: 3 })
  recordedAt: Date;
}

/** A14.8: a copy of a firewall program's settings, the file kept with its SHA-256. */
@ObjectType({ description: 'ファイヤーウォールの設定データの複製 (A14.8)' })
@Entity({ name: 'firewall_setting_backup' })
@Index('firewall_setting_backup_item', ['itemId', 'takenAt'])
export class FirewallSettingBackup {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => ConfigurationItem, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'itemId', foreignKeyConstraintName: 'firewall_setting_backup_item_fk' })
  item?: ConfigurationItem;

  @Field(() => Date, { description: '複製をとった日時' })
  @Column({ type: 'timestamptz', precision: 3 })
  takenAt: Date;

  @Field(() => String, { description: '複製の保管場所 (媒体と場所)' })
  @Column({ type: 'varchar', length: 200 })
  copyKeptAt: string;

  @Field(() => ID)
  @Index('firewall_setting_backup_file', { unique: true })
  @Column({ type: 'uuid' })
  fileId: string;

  @ManyToOne(() => StoredFile, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'fileId', foreignKeyConstraintName: 'firewall_setting_backup_file_fk' })
  file?: StoredFile;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  byId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'byId', foreignKeyConstraintName: 'firewall_setting_backup_by_fk' })
  by?: Staff;
}

export enum RestoreDrillResult {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(RestoreDrillResult, { name: 'RestoreDrillResult', description: '回復訓練の結果' });

/** A14.8: a drill restoring the settings from a copy (障害時に速やかに回復できるように). */
@ObjectType({ description: 'ファイヤーウォールの設定の回復訓練 (A14.8)' })
@Entity({ name: 'firewall_restore_drill' })
@Index('firewall_restore_drill_item', ['itemId', 'drilledOn'])
export class FirewallRestoreDrill {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => ConfigurationItem, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'itemId', foreignKeyConstraintName: 'firewall_restore_drill_item_fk' })
  item?: ConfigurationItem;

  @Field(() => LocalDate, { description: '実施日' })
  @Column({ type: 'date' })
  drilledOn: string;

  @Field(() => RestoreDrillResult)
  @Column({ type: 'enum', enum: RestoreDrillResult, enumName: 'firewall_restore_drill_result' })
  result: RestoreDrillResult;

  @Field(() => String, { nullable: true, description: '所見 (かかった時間、問題点など)' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Field(() => ID, { nullable: true, description: '使った複製' })
  @Column({ type: 'uuid', nullable: true })
  backupId: string | null;

  @ManyToOne(() => FirewallSettingBackup, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'backupId', foreignKeyConstraintName: 'firewall_restore_drill_backup_fk' })
  backup?: FirewallSettingBackup | null;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  byId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'byId', foreignKeyConstraintName: 'firewall_restore_drill_by_fk' })
  by?: Staff;

  @Field(() => Date)
  @Column({ type: 'timestamptz', precision: 3 })
  recordedAt: Date;
}
