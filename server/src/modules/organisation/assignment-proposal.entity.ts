import { LocalDate } from '../../shared/dates.js';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrgRole } from '../../shared/authority.js';
import { Staff } from './staff.entity.js';

export enum ProposalKind {
  /** a role assignment (A3–A5) */
  ROLE = 'ROLE',
  /** an acting period (A9.7) */
  ACTING = 'ACTING',
}
registerEnumType(ProposalKind, { name: 'ProposalKind', description: '提案の種類: 役割の任命 / 職務代理' });

export enum ProposalStatus {
  PROPOSED = 'PROPOSED',
  CONFIRMED = 'CONFIRMED',
  REJECTED = 'REJECTED',
}
registerEnumType(ProposalStatus, { name: 'ProposalStatus', description: '提案の状態' });

/**
 * Hardening §1: the chief, the deputy chief and the manager are appointed (and acted for) by two
 * people. The system administrator proposes; the chief confirms (the deputy chief when the chief
 * is the subject or the proposer). The assignment exists only once confirmed; this row keeps who
 * proposed and who decided.
 */
@ObjectType({ description: '任命の提案 (統括者・副統括者・管理者は二者で: 提案と確認)' })
@Entity({ name: 'assignment_proposal' })
@Index('assignment_proposal_pending', ['status', 'proposedAt'])
@Check('assignment_proposal_period', `"validTo" IS NULL OR "validTo" >= "validFrom"`)
@Check('assignment_proposal_acting', `"kind" <> 'ACTING' OR ("validTo" IS NOT NULL AND "reason" IS NOT NULL)`)
@Check('assignment_proposal_decided', `("status" = 'PROPOSED') = ("decidedById" IS NULL)`)
export class AssignmentProposal {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ProposalKind)
  @Column({ type: 'enum', enum: ProposalKind, enumName: 'proposal_kind' })
  kind: ProposalKind;

  @Field(() => OrgRole)
  @Column({ type: 'enum', enum: OrgRole, enumName: 'org_role' })
  role: OrgRole;

  /** the person appointed, or who acts */
  @Column({ type: 'uuid' })
  staffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'assignment_proposal_staff_fk' })
  staff?: Staff;

  /** validFrom / startsOn */
  @Field(() => LocalDate)
  @Column({ type: 'date' })
  validFrom: string;

  /** validTo / endsOn (null: open-ended role) */
  @Field(() => LocalDate, { nullable: true })
  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @Field(() => String, { nullable: true, description: '任命の備考' })
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true, description: '職務代理の事由' })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => ProposalStatus)
  @Column({ type: 'enum', enum: ProposalStatus, enumName: 'proposal_status', default: ProposalStatus.PROPOSED })
  status: ProposalStatus;

  @Column({ type: 'uuid' })
  proposedById: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'proposedById', foreignKeyConstraintName: 'assignment_proposal_proposer_fk' })
  proposedBy?: Staff;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  proposedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'decidedById', foreignKeyConstraintName: 'assignment_proposal_decider_fk' })
  decidedBy?: Staff | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: '却下の理由' })
  @Column({ type: 'text', nullable: true })
  rejectReason: string | null;

  /** the RoleAssignment or ActingAssignment made on confirmation */
  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  assignmentId: string | null;

  /** for the viewer: whether they may confirm or reject it (not stored) */
  @Field(() => Boolean, { description: 'この提案を確認・却下できるか (閲覧者について)' })
  mayDecide: boolean;
}
