import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Department } from './department.entity.js';
import { OrganisationUnit } from './organisation-unit.js';

/** 課 (its code, name, order and duties: OrganisationUnit) */
@ObjectType({ description: '課' })
@Entity({ name: 'section' })
export class Section extends OrganisationUnit {
  @Index()
  @Column({ type: 'uuid' })
  departmentId: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'departmentId', foreignKeyConstraintName: 'section_department_fk' })
  department?: Department;

  /** 住基ネットを利用している課 (A6: has an operations manager) */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false })
  usesJukinet: boolean;
}
