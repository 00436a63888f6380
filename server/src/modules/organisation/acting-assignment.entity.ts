import { LocalDate } from '../../shared/dates.js';
import { Field, ObjectType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrgRole } from '../../shared/authority.js';
import { Staff } from './staff.entity.js';

/**
 * A9.7: when the chair (the chief) cannot act, the vice-chair acts for them, for a period and
 * with a reason. Authority follows the acting holder during that period. One acting holder per
 * role on any day, enforced by the database.
 */
@ObjectType({ description: '職務代理 (A9.7)' })
@Entity({ name: 'acting_assignment' })
@Exclusion('acting_assignment_one_actor', `USING gist ("role" WITH =, daterange("startsOn", "endsOn", '[]') WITH &&)`)
@Check('acting_assignment_period', `"endsOn" >= "startsOn"`)
@Check('acting_assignment_reason', `length(btrim("reason")) > 0`)
export class ActingAssignment {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** the role acted for */
  @Field(() => OrgRole)
  @Column({ type: 'enum', enum: OrgRole, enumName: 'org_role' })
  role: OrgRole;

  @Index()
  @Column({ type: 'uuid' })
  actingStaffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'actingStaffId', foreignKeyConstraintName: 'acting_assignment_staff_fk' })
  actingStaff?: Staff;

  @Field(() => LocalDate)
  @Column({ type: 'date' })
  startsOn: string;

  @Field(() => LocalDate)
  @Column({ type: 'date' })
  endsOn: string;

  /** 事由 (e.g. 海外出張) */
  @Field(() => String)
  @Column({ type: 'text' })
  reason: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
