import { GraphQLJSON } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Staff } from '../organisation/index.js';

export enum FollowUp {
  NONE = 'NONE',
  /** A10: the chief instructs (the instructions register comes with the council issue) */
  INSTRUCTION = 'INSTRUCTION',
  /** A13/A21: the chief has it investigated */
  INVESTIGATION = 'INVESTIGATION',
}
registerEnumType(FollowUp, { name: 'FollowUp', description: '報告を受けての対応 (A13)' });

/** A13: the chief (or acting chief) heard the month's access report; the figures they saw are kept. */
@ObjectType({ description: '入退室管理の報告の確認 (A13)' })
@Entity({ name: 'access_report_ack' })
@Index('access_report_ack_month', ['month'])
export class AccessReportAck {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { description: 'YYYY-MM' })
  @Column({ type: 'char', length: 7 })
  month: string;

  @Column({ type: 'uuid' })
  acknowledgedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'acknowledgedById', foreignKeyConstraintName: 'access_report_ack_staff_fk' })
  acknowledgedBy?: Staff;

  @Field(() => Date)
  @Column({ type: 'timestamptz' })
  acknowledgedAt: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  comment: string | null;

  @Field(() => FollowUp)
  @Column({ type: 'enum', enum: FollowUp, enumName: 'access_report_follow_up' })
  followUp: FollowUp;

  @Field(() => String, { nullable: true, description: '指示・調査の内容' })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  followUpNote: string | null;

  @Field(() => GraphQLJSON, { description: '確認した時点の集計' })
  @Column({ type: 'jsonb' })
  figures: unknown;
}
