import { Field, Int, ObjectType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** 部 */
@ObjectType({ description: '部' })
@Entity({ name: 'department' })
export class Department {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 16, unique: true })
  code: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  nameKana: string;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  sortOrder: number;

  /** 電子情報を担当する部 (A4: its head is the deputy chief) */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false })
  handlesEInformation: boolean;

  /** 住民情報を担当する部 (A9.3(6): its head sits on the council) */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false })
  handlesResidentInformation: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
