import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';

/**
 * A file kept by the configuration register: a version of a document (A7.2, A14.6, A22, A27) or a
 * firewall setting backup (A14.8). The bytes live in PostgreSQL (bytea) beside their SHA-256: they
 * are written in the same transaction as the row that names them, and `npm run backup` copies them
 * with the rest (no second directory under DATA_DIR to keep in step). A download recomputes the hash
 * and refuses a file whose bytes no longer match it.
 */
@ObjectType({ description: '構成管理簿のファイル (文書の版、ファイヤーウォール設定の複製)' })
@Entity({ name: 'configuration_file' })
@Check('configuration_file_sha256', `"sha256" ~ '^[0-9a-f]{64}$'`)
export class StoredFile {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { description: 'ファイル名' })
  @Column({ type: 'varchar', length: 200 })
  fileName: string;

  @Field(() => String, { description: '種類 (内容から判定した MIME type)' })
  @Column({ type: 'varchar', length: 100 })
  mediaType: string;

  @Field(() => Int, { description: 'バイト数' })
  @Column({ type: 'int' })
  size: number;

  @Field(() => String, { description: 'SHA-256 (16進)' })
  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** never selected unless asked for (lists do not carry the bytes) */
  @Column({ type: 'bytea', select: false })
  content?: Buffer;

  @Field(() => Date)
  @Column({ type: 'timestamptz', precision: 3 })
  uploadedAt: Date;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  uploadedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'uploadedById', foreignKeyConstraintName: 'configuration_file_uploaded_by_fk' })
  uploadedBy?: Staff;
}
