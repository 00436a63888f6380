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
import { Section } from './section.entity.js';
import { Staff } from './staff.entity.js';

/**
 * A role held by a person from one date to another (A3–A7). Dates are inclusive, in Asia/Tokyo;
 * validTo null = still held. The database itself refuses two holders of the same role (per
 * section for operations managers) on any common day: an exclusion constraint, not a
 * read-then-write in code.
 */
@ObjectType({ description: '役割の任命 (A3–A7)' })
@Entity({ name: 'role_assignment' })
@Exclusion(
  'role_assignment_one_holder',
  `USING gist ("role" WITH =, (COALESCE("sectionId", '00000000-0000-0000-0000-000000000000'::uuid)) WITH =, daterange("validFrom", "validTo", '[]') WITH &&)`,
)
@Check('role_assignment_section_role', `("role" = 'OPERATIONS_MANAGER') = ("sectionId" IS NOT NULL)`)
@Check('role_assignment_period', `"validTo" IS NULL OR "validTo" >= "validFrom"`)
export class RoleAssignment {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => OrgRole)
  @Column({ type: 'enum', enum: OrgRole, enumName: 'org_role' })
  role: OrgRole;

  @Index()
  @Column({ type: 'uuid' })
  staffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'role_assignment_staff_fk' })
  staff?: Staff;

  /** the using section, for an operations manager (A6); null for city-wide roles */
  @Column({ type: 'uuid', nullable: true })
  sectionId: string | null;

  @ManyToOne(() => Section, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'sectionId', foreignKeyConstraintName: 'role_assignment_section_fk' })
  section?: Section | null;

  @Field(() => LocalDate)
  @Column({ type: 'date' })
  validFrom: string;

  @Field(() => LocalDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
