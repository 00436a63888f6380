import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { AssignmentProposal } from './assignment-proposal.entity.js';
import type { Decider } from './assignment-proposal.service.js';
import {
  AssignActingInput,
  AssignmentProposalIdInput,
  AssignRoleInput,
  RejectAssignmentProposalInput,
} from './organisation.inputs.js';
import { Staff } from './staff.entity.js';

const decider = (s: StaffPrincipal, today: string): Decider => ({
  staffId: s.staffId,
  authorities: s.authorities,
  today,
});

/** Hardening §1: two-person appointments of the chief, the deputy chief and the manager; rules in AssignmentProposalService. */
@Resolver(() => AssignmentProposal)
export class AssignmentProposalResolver {
  @Authorized('Query.assignmentProposals')
  @Query(() => [AssignmentProposal], { description: '確認待ちの任命の提案 (古い順)' })
  assignmentProposals(@CurrentStaff() me: StaffPrincipal, @Ctx() ctx: AppContext): Promise<AssignmentProposal[]> {
    return ctx.services.assignmentProposals.pending(decider(me, ctx.today));
  }

  @Authorized('Mutation.proposeRoleAssignment')
  @Mutation(() => AssignmentProposal, { description: '統括者・副統括者・管理者の任命を提案 (統括者の確認で有効)' })
  proposeRoleAssignment(
    @Arg('input', () => AssignRoleInput) input: AssignRoleInput,
    @Ctx() ctx: AppContext,
  ): Promise<AssignmentProposal> {
    return ctx.services.assignmentProposals.proposeRole(input, ctx.meta);
  }

  @Authorized('Mutation.proposeActing')
  @Mutation(() => AssignmentProposal, { description: '職務代理を提案 (A9.7、統括者の確認で有効)' })
  proposeActing(
    @Arg('input', () => AssignActingInput) input: AssignActingInput,
    @Ctx() ctx: AppContext,
  ): Promise<AssignmentProposal> {
    return ctx.services.assignmentProposals.proposeActing(input, ctx.meta);
  }

  @Authorized('Mutation.confirmAssignmentProposal')
  @Mutation(() => AssignmentProposal, {
    description: '任命の提案を確認し、任命を有効にする (統括者、統括者に関するものは副統括者)',
  })
  confirmAssignmentProposal(
    @Arg('input', () => AssignmentProposalIdInput) input: AssignmentProposalIdInput,
    @CurrentStaff() me: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<AssignmentProposal> {
    return ctx.services.assignmentProposals.confirm(input.id, decider(me, ctx.today), ctx.meta);
  }

  @Authorized('Mutation.rejectAssignmentProposal')
  @Mutation(() => AssignmentProposal, { description: '任命の提案を却下 (理由が必要)' })
  rejectAssignmentProposal(
    @Arg('input', () => RejectAssignmentProposalInput) input: RejectAssignmentProposalInput,
    @CurrentStaff() me: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<AssignmentProposal> {
    return ctx.services.assignmentProposals.reject(input.id, input.reason, decider(me, ctx.today), ctx.meta);
  }

  @FieldResolver(() => Staff, { description: '任命される者 / 代理する者' })
  async staff(@Root() p: AssignmentProposal, @Ctx() ctx: AppContext): Promise<Staff> {
    return (await ctx.loaders.organisation.staffById.load(p.staffId))!;
  }

  @FieldResolver(() => Staff, { description: '提案した者' })
  async proposedBy(@Root() p: AssignmentProposal, @Ctx() ctx: AppContext): Promise<Staff> {
    return (await ctx.loaders.organisation.staffById.load(p.proposedById))!;
  }

  @FieldResolver(() => Staff, { nullable: true, description: '確認・却下した者' })
  async decidedBy(@Root() p: AssignmentProposal, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return p.decidedById ? ctx.loaders.organisation.staffById.load(p.decidedById) : null;
  }
}
