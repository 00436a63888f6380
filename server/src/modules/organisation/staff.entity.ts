import { Field, ObjectType } from 'type-graphql';
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
import { Section } from './section.entity.js';

/** 職員. Holds no secret: credentials live in identity entities without a GraphQL type. */
@ObjectType({ description: '職員' })
@Entity({ name: 'staff' })
export class Staff {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 職員番号 */
  @Field(() => String)
  @Column({ type: 'varchar', length: 16, unique: true })
  staffNumber: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 50 })
  familyName: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 50 })
  givenName: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 100 })
  familyNameKana: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 100 })
  givenNameKana: string;

  /** 役職 (e.g. 課長) */
  @Field(() => String)
  @Column({ type: 'varchar', length: 50 })
  title: string;

  @Index()
  @Column({ type: 'uuid' })
  sectionId: string;

  @ManyToOne(() => Section, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'sectionId', foreignKeyConstraintName: 'staff_section_fk' })
  section?: Section;

  /** false once employment ends; kept for history, never deleted */
  @Field(() => Boolean)
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => String, { description: '氏名 (姓 名)' })
  get fullName(): string {
    return `${this.familyName} ${this.givenName}`;
  }

  @Field(() => String, { description: 'ふりがな' })
  get fullNameKana(): string {
    return `${this.familyNameKana} ${this.givenNameKana}`;
  }
}
