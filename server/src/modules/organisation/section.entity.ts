import { Field, Int, ObjectType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Department } from './department.entity.js';

/** 課 */
@ObjectType({ description: '課' })
@Entity({ name: 'section' })
export class Section {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  departmentId: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'departmentId', foreignKeyConstraintName: 'section_department_fk' })
  department?: Department;

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

  /** 住基ネットを利用している課 (A6: has an operations manager) */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false })
  usesJukinet: boolean;

  /** 電子情報を担当する課 (A5: its chief is the manager; A9.10: the council's secretariat) */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false })
  handlesEInformation: boolean;

  /** 住民情報を担当する課 (A6, A7.1) */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false })
  handlesResidentInformation: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
