import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root, Authorized } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import { ID } from '../../shared/ids.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { Staff } from '../organisation/index.js';
import { OplogReview, OplogReviewMark } from './review.entity.js';
import { MarkOperationRecordInput, OplogRecordOperator, SignOffOplogReviewInput } from './review.types.js';

const staff = (ctx: AppContext, id: string | null) =>
  id ? ctx.loaders.organisation.staffById.load(id) : Promise.resolve(null);

/** The monthly reviews of the operation history (A20.1). Thin: the rules live in OplogReviewService. */
@Resolver(() => OplogReview)
export class OplogReviewResolver {
  @Authorized('Query.oplogReviews')
  @Query(() => [OplogReview], { description: '操作履歴の点検 (A20.1、月の新しい順)。管理者・統括者・副統括者・監査者' })
  oplogReviews(@Ctx() ctx: AppContext): Promise<OplogReview[]> {
    return ctx.services.oplogReviews.list();
  }

  @Authorized('Query.oplogReviewsDue')
  @Query(() => [String], {
    description: '点検が必要な月 (記録があり、終わった月で、承認された点検のないもの。古い順、YYYY-MM)',
  })
  oplogReviewsDue(@Ctx() ctx: AppContext): Promise<string[]> {
    return ctx.services.oplogReviews.due();
  }

  @Authorized('Query.oplogReview')
  @Query(() => OplogReview, { description: '操作履歴の点検 (1件)' })
  oplogReview(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<OplogReview> {
    return ctx.services.oplogReviews.one(id);
  }

  @Authorized('Mutation.createOplogReview')
  @Mutation(() => OplogReview, { description: '月の点検を始める (点検者: 管理者・統括者・副統括者)。1か月に1件' })
  createOplogReview(
    @Arg('month', () => String, { description: 'YYYY-MM' }) month: string,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<OplogReview> {
    return ctx.services.oplogReviews.create(month.trim(), by, ctx.meta);
  }

  @Authorized('Mutation.recordOplogReviewFindings')
  @Mutation(() => OplogReview, { description: '点検の結果 (所見) を記録 (点検者のみ、承認前)' })
  recordOplogReviewFindings(
    @Arg('id', () => ID) id: string,
    @Arg('findings', () => String) findings: string,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<OplogReview> {
    return ctx.services.oplogReviews.recordFindings(id, findings, by, ctx.meta);
  }

  @Authorized('Mutation.markOperationRecord')
  @Mutation(() => OplogReviewMark, {
    description: '記録を「説明済み」または「指摘事項」とする (その月の点検者、承認前)',
  })
  markOperationRecord(
    @Arg('input', () => MarkOperationRecordInput) input: MarkOperationRecordInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<OplogReviewMark> {
    return ctx.services.oplogReviews.mark(input, by, ctx.meta);
  }

  @Authorized('Mutation.signOffOplogReview')
  @Mutation(() => OplogReview, { description: '点検を承認 (管理者、対象の月が終わり結果が記録されてから)' })
  signOffOplogReview(
    @Arg('input', () => SignOffOplogReviewInput) input: SignOffOplogReviewInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<OplogReview> {
    return ctx.services.oplogReviews.signOff(input.id, input.note, by, ctx.meta);
  }

  @FieldResolver(() => Staff, { description: '点検者' })
  reviewer(@Root() r: OplogReview, @Ctx() ctx: AppContext) {
    return staff(ctx, r.reviewerId);
  }

  @FieldResolver(() => Staff, { nullable: true, description: '承認した管理者' })
  signedOffBy(@Root() r: OplogReview, @Ctx() ctx: AppContext) {
    return staff(ctx, r.signedOffById);
  }

  @FieldResolver(() => [OplogReviewMark], { description: '記録への判断 (日時順、1000件まで)' })
  marks(@Root() r: OplogReview, @Ctx() ctx: AppContext): Promise<OplogReviewMark[]> {
    return ctx.services.oplogReviews.marks(r.id);
  }
}

/** A mark's record's operator: what a finding's investigation (A21) is opened about. */
@Resolver(() => OplogReviewMark)
export class OplogReviewMarkResolver {
  @FieldResolver(() => OplogRecordOperator, { nullable: true, description: '記録の操作者 (記録がなければ空)' })
  async operator(@Root() m: OplogReviewMark, @Ctx() ctx: AppContext): Promise<OplogRecordOperator | null> {
    const found = await ctx.services.oplogReviews.operatorOf(m);
    return found ? { operatorId: found.operatorId, staff: await staff(ctx, found.staffId) } : null;
  }
}
