import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, UpdateDateColumn } from 'typeorm';
import { CodedRecord } from '../../shared/coded-record.js';

/**
 * What a 部 (Department) and a 課 (Section) share: a code, a name and its reading, a place in the
 * chart, and the two duties the standard hangs on a unit — handling electronic information (A4, A5,
 * A9.10) and handling resident information (A6, A7.1, A9.3(6)). Each entity keeps its own table.
 */
// a type of its own only for type-graphql's inheritance: the schema emits no unreachable type
@ObjectType()
export abstract class OrganisationUnit extends CodedRecord {
  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  nameKana: string;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  sortOrder: number;

  /** 電子情報を担当する (部: its head is the deputy chief, A4; 課: its chief is the manager, A5) */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false })
  handlesEInformation: boolean;

  /** 住民情報を担当する (部: its head sits on the council, A9.3(6); 課: A6, A7.1) */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false })
  handlesResidentInformation: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
