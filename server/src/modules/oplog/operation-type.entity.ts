import { Field, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A20: the kinds of operation a Juki-net terminal logs (sign-in/out, inquiry, update, provision of
 * identity information, print, …). A city-extensible list: the migration seeds the six every
 * terminal knows; a city adds its own codes (a row here) before it ingests them. A record names its
 * type by code; a code not listed here is refused line by line at ingest.
 */
@ObjectType({ description: '操作種別 (A20)' })
@Entity({ name: 'operation_type' })
@Check('operation_type_code', `"code" ~ '^[A-Z][A-Z0-9_]{0,31}$'`)
export class OperationType {
  @Field(() => String, { description: 'コード (SIGN_IN など)' })
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Field(() => String, { description: '名称' })
  @Column({ type: 'varchar', length: 100 })
  labelJa: string;

  @Field(() => String, { description: 'name in English' })
  @Column({ type: 'varchar', length: 100 })
  labelEn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
