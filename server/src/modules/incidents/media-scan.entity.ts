import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ID } from '../../shared/ids.js';
import { Section, Staff } from '../organisation/index.js';

export enum ScanDirection {
  /** A19.1: a medium or record received, before it is used */
  RECEIVED = 'RECEIVED',
  /** A19.2: before data is sent out (the terminal is checked) */
  SENT_OUT = 'SENT_OUT',
}
registerEnumType(ScanDirection, { name: 'ScanDirection', description: '受け取った媒体 / 送り出すデータ (A19.1–2)' });

export enum ScanResult {
  CLEAN = 'CLEAN',
  /** a virus found: a VIRUS incident opens at once (A19.3) */
  INFECTED = 'INFECTED',
}
registerEnumType(ScanResult, { name: 'ScanResult', description: '検査の結果' });

/**
 * The media scan log (A19.1–2): before received media are used and before data is sent out, staff
 * record a scan with anti-virus software. A positive result opens a VIRUS incident in the same
 * transaction. Written once, never changed; clientId makes a resend harmless.
 */
@ObjectType({ description: '媒体のウイルス検査の記録 (A19.1–2)' })
@Entity({ name: 'media_scan' })
@Unique('media_scan_client_id', ['clientId'])
@Index('media_scan_scanned', ['scannedAt', 'id'])
@Index('media_scan_section', ['sectionId', 'direction', 'scannedAt'])
@Check('media_scan_texts', `length(btrim("medium")) > 0 AND length(btrim("software")) > 0`)
export class MediaScan {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { nullable: true, description: '記録した端末が付けたID (再送しても1件)' })
  @Column({ type: 'uuid', nullable: true })
  clientId: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  fingerprint: string | null;

  @Field(() => Date)
  @Column({ type: 'timestamptz' })
  scannedAt: Date;

  @Field(() => Date)
  @Column({ type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'uuid' })
  scannedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'scannedById', foreignKeyConstraintName: 'media_scan_staff_fk' })
  scannedBy?: Staff;

  /** the scanner's section at the time */
  @Column({ type: 'uuid' })
  sectionId: string;

  @ManyToOne(() => Section, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'sectionId', foreignKeyConstraintName: 'media_scan_section_fk' })
  section?: Section;

  @Field(() => String, { description: '媒体 (e.g. USBメモリ 管理番号M-12、受信したCSVファイル)' })
  @Column({ type: 'varchar', length: 200 })
  medium: string;

  @Field(() => ScanDirection)
  @Column({ type: 'enum', enum: ScanDirection, enumName: 'media_scan_direction' })
  direction: ScanDirection;

  @Field(() => String, { nullable: true, description: '入手元・送付先' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  counterpart: string | null;

  @Field(() => String, { description: 'ワクチンソフト' })
  @Column({ type: 'varchar', length: 100 })
  software: string;

  @Field(() => String, { description: 'パターンファイル (定義) のバージョン' })
  @Column({ type: 'varchar', length: 100 })
  definitionVersion: string;

  @Field(() => ScanResult)
  @Column({ type: 'enum', enum: ScanResult, enumName: 'media_scan_result' })
  result: ScanResult;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;
}
