import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrgRole } from '../../shared/authority.js';
import { LocalDate } from '../../shared/dates.js';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';
import { StoredFile } from './stored-file.entity.js';

/** The documents the standard asks for (A7.2, A14.6, A22.2, A27), and any other the city keeps. */
export enum DocumentType {
  /** 暗証番号等の運用基準 (A7.2): the PIN administrator's */
  PIN_RULES = 'PIN_RULES',
  /** ネットワーク構成のドキュメント (A14.6): linked to register items */
  NETWORK_CONFIGURATION = 'NETWORK_CONFIGURATION',
  /** 不正アクセス行為への対応マニュアル (A22.2) */
  INTRUSION_RESPONSE_MANUAL = 'INTRUSION_RESPONSE_MANUAL',
  /** 障害対策マニュアル (A27) */
  FAILURE_MANUAL = 'FAILURE_MANUAL',
  OTHER = 'OTHER',
}
registerEnumType(DocumentType, { name: 'DocumentType', description: '文書の種類' });

/** Who keeps each type of document: the PIN administrator its rules (A7.2), the manager the rest (A14). */
export const OWNER_OF: Readonly<Record<DocumentType, OrgRole>> = {
  [DocumentType.PIN_RULES]: OrgRole.PIN_ADMINISTRATOR,
  [DocumentType.NETWORK_CONFIGURATION]: OrgRole.MANAGER,
  [DocumentType.INTRUSION_RESPONSE_MANUAL]: OrgRole.MANAGER,
  [DocumentType.FAILURE_MANUAL]: OrgRole.MANAGER,
  [DocumentType.OTHER]: OrgRole.MANAGER,
};

/**
 * A document of the register: its type and title, and for network documents the register items it
 * describes (A14.6). Its content is its versions; the current one is the latest already effective.
 */
@ObjectType({ description: '文書 (A7.2, A14.6, A22.2, A27)' })
@Entity({ name: 'configuration_document' })
@Index('configuration_document_type', ['type'])
export class ConfigurationDocument {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => DocumentType)
  @Column({ type: 'enum', enum: DocumentType, enumName: 'configuration_document_type' })
  type: DocumentType;

  @Field(() => String, { description: '文書名' })
  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** A14.6: the register items a network document describes */
  @Field(() => [ID], { description: '関係する構成品 (ネットワーク構成)' })
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  linkedItemIds: string[];

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'createdById', foreignKeyConstraintName: 'configuration_document_created_by_fk' })
  createdBy?: Staff;
}

/** One version of a document: its file, its label and the day it takes effect. */
@ObjectType({ description: '文書の版' })
@Entity({ name: 'configuration_document_version' })
@Index('configuration_document_version_label', ['documentId', 'versionLabel'], { unique: true })
@Index('configuration_document_version_effective', ['documentId', 'effectiveOn'])
export class ConfigurationDocumentVersion {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  documentId: string;

  @ManyToOne(() => ConfigurationDocument, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'documentId', foreignKeyConstraintName: 'configuration_document_version_document_fk' })
  document?: ConfigurationDocument;

  @Field(() => String, { description: '版 (第2版、2026年4月改訂など)' })
  @Column({ type: 'varchar', length: 50 })
  versionLabel: string;

  @Field(() => String, { description: 'この版の表題' })
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field(() => LocalDate, { description: '施行日・適用開始日' })
  @Column({ type: 'date' })
  effectiveOn: string;

  @Field(() => String, { nullable: true, description: '改訂の内容など' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Field(() => ID)
  @Index('configuration_document_version_file', { unique: true })
  @Column({ type: 'uuid' })
  fileId: string;

  @ManyToOne(() => StoredFile, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'fileId', foreignKeyConstraintName: 'configuration_document_version_file_fk' })
  file?: StoredFile;

  @Field(() => Date, { description: '登録日時' })
  @Column({ type: 'timestamptz', precision: 3 })
  uploadedAt: Date;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  uploadedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'uploadedById', foreignKeyConstraintName: 'configuration_document_version_uploaded_by_fk' })
  uploadedBy?: Staff;

  /** the day by which the owner looks at it again (A7.2, A14.6, A22.2, A27); passed: 見直し期限切れ */
  @Field(() => LocalDate, { description: '見直し期日' })
  @Column({ type: 'date' })
  reviewOn: string;

  /** the owner role's holder adopted this version (null: not approved yet) */
  @Field(() => Date, { nullable: true, description: '承認日時' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  approvedAt: Date | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  approvedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'approvedById', foreignKeyConstraintName: 'configuration_document_version_approved_by_fk' })
  approvedBy?: Staff | null;
}

/** Documents the standard requires (a type none of which has a version in force is missing). */
export const REQUIRED_DOCUMENT_TYPES: readonly DocumentType[] = [
  DocumentType.PIN_RULES,
  DocumentType.NETWORK_CONFIGURATION,
  DocumentType.INTRUSION_RESPONSE_MANUAL,
  DocumentType.FAILURE_MANUAL,
];

/** The types of document the holder of these roles keeps (and approves). */
export const typesOwnedBy = (roles: ReadonlySet<string>): DocumentType[] =>
  (Object.keys(OWNER_OF) as DocumentType[]).filter((t) => roles.has(OWNER_OF[t]));

/** A version's review date when none is given: a year after it takes effect (a yearly review). */
export function yearAfter(day: string): string {
  const [y, m, d] = day.split('-');
  return `${Number(y) + 1}-${m}-${m === '02' && d === '29' ? '28' : d}`;
}
